import { describeSecurity, ROUTES } from "./security-cases.js";

describeSecurity("ancillary bids", {
  listBids: ROUTES.listBids,
  placeBids: ROUTES.placeBids,
});
