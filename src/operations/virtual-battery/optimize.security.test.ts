import { optimizeBody } from "./optimize-fixtures.js";
import { describeSecurity } from "./security-cases.js";

describeSecurity("optimize", {
  optimize: (f) => ({ method: "POST", url: `${f.base}/optimize`, body: optimizeBody() }),
});
