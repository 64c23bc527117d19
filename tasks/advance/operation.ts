/** An advance step that is one call as one member (tasks/support/contractStep.ts). */
import { contractStep } from "../support/contractStep.ts";
import { deployedAdvance, PRE_SHIPMENT_ADVANCE } from "./advanceContract.ts";

export const advanceStep = contractStep(PRE_SHIPMENT_ADVANCE, deployedAdvance);
