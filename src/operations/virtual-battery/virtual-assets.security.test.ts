import { describeSecurity, ROUTES } from "./security-cases.js";

describeSecurity("virtual assets", {
  listVirtualAssets: ROUTES.listVirtualAssets,
  getVirtualAsset: ROUTES.getVirtualAsset,
  projectedSoc: ROUTES.projectedSoc,
  adjustments: ROUTES.adjustments,
});
