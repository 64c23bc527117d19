/**
 * The Hardhat tasks for trade operators, registered in hardhat.config.ts. Each group is
 * what an operator deals with; `npx hardhat <group>` lists its tasks and
 * `npx hardhat <group> <task> --help` explains one.
 */
import { advanceTasks } from "./advance/definitions.ts";
import { billTasks } from "./bill/definitions.ts";
import { commitmentTasks } from "./commitment/definitions.ts";
import { consortiumTasks } from "./consortium/definitions.ts";
import { creditTasks } from "./credit/definitions.ts";
import { invoiceTasks } from "./invoice/definitions.ts";
import { moneyTasks } from "./money/definitions.ts";
import { oracleTasks } from "./oracle/definitions.ts";
import { orderTasks } from "./order/definitions.ts";
import { originTasks } from "./origin/definitions.ts";
import { tradeTasks } from "./trade/definitions.ts";
import { voucherTasks } from "./voucher/definitions.ts";

export const caravelTasks = [
  ...consortiumTasks,
  ...creditTasks,
  ...billTasks,
  ...originTasks,
  ...invoiceTasks,
  ...oracleTasks,
  ...tradeTasks,
  ...moneyTasks,
  ...voucherTasks,
  ...advanceTasks,
  ...commitmentTasks,
  ...orderTasks,
];
