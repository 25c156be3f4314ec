import { describeSecurity, ROUTES } from "./security-cases.js";

describeSecurity("state and operational data", {
  stateOfEnergyLatest: ROUTES.stateOfEnergyLatest,
  stateOfChargeLatest: ROUTES.stateOfChargeLatest,
  stateOfCharge: ROUTES.stateOfCharge,
  projectedStateOfEnergy: ROUTES.projectedStateOfEnergy,
  energyCapacity: ROUTES.energyCapacity,
  operational: ROUTES.operational,
  operationalLatest: ROUTES.operationalLatest,
  blockOperational: ROUTES.blockOperational,
  blockOperationalLatest: ROUTES.blockOperationalLatest,
});
