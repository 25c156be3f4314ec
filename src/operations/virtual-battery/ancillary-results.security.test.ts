import { describeSecurity, ROUTES } from "./security-cases.js";

describeSecurity("ancillary results", { listResults: ROUTES.listResults });
