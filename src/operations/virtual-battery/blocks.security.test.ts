import { describeSecurity, ROUTES } from "./security-cases.js";

describeSecurity("blocks", {
  listBlocks: ROUTES.listBlocks,
  getBlock: ROUTES.getBlock,
  updateBlock: ROUTES.updateBlock,
});
