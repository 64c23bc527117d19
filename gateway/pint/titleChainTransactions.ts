/**
 * Caravel's on-chain title chain as PINT transactions: the steps a bill took here since it was
 * issued (or since it last arrived from another platform), each with its actor and recipient,
 * closed by the transaction that hands it to the party on the receiving platform. The gateway
 * signs them as one transfer-chain entry, so the chain read across platforms has no gap.
 */
import type { Address } from "viem";

import { TitleEventKind } from "../../lib/trade/billOfLading.ts";
import type { PintParty, PintTransaction } from "./envelope.ts";
import type { TitleChainStep } from "./pintChain.ts";
import type { PartyDirectory } from "./parties.ts";

const iso = (seconds: number): string => new Date(seconds * 1000).toISOString();

/**
 * The transactions of `steps` (a bill's on-chain title chain while its export is pending) after
 * its last import, then the handover to `recipient` at `handoverAt` (unix seconds: the holder's
 * request). `carrier` is the issuing carrier, the actor of an ISSUE; `negotiable` picks ENDORSE
 * (order bill) or TRANSFER (straight or bearer bill) for the handover.
 */
export function titleChainTransactions(input: {
  steps: readonly TitleChainStep[];
  carrier: Address;
  directory: PartyDirectory;
  recipient: PintParty;
  negotiable: boolean;
  handoverAt: number;
}): PintTransaction[] {
  const { steps, directory } = input;
  const party = (address: Address) => directory.partyOf(address);
  let start = 0;
  steps.forEach((step, i) => {
    if (step.kind === TitleEventKind.Imported) start = i;
  });
  const transactions: PintTransaction[] = [];
  for (let i = start; i < steps.length; i++) {
    const step = steps[i]!;
    const previous = steps[i - 1];
    const at = iso(step.timestamp);
    const move = (actionCode: string, comments?: string): PintTransaction => ({
      actionCode,
      actor: party(previous!.party),
      recipient: party(step.party),
      actionDateTime: at,
      ...(comments === undefined ? {} : { comments }),
    });
    switch (step.kind) {
      case TitleEventKind.Issued:
        transactions.push({
          actionCode: "ISSUE",
          actor: party(input.carrier),
          recipient: party(step.party),
          actionDateTime: at,
        });
        break;
      case TitleEventKind.Imported: // the entries it arrived with already say how it came
        break;
      case TitleEventKind.Endorsed:
        transactions.push(move("ENDORSE"));
        break;
      case TitleEventKind.EndorsedInBlank:
        transactions.push({
          actionCode: "BLANK_ENDORSE",
          actor: party(step.party),
          actionDateTime: at,
        });
        break;
      case TitleEventKind.PossessionTransferred:
        transactions.push(move("TRANSFER"));
        break;
      case TitleEventKind.Refused:
        transactions.push(
          move("TRANSFER", "Refused by the receiver; returned to the previous holder"),
        );
        break;
      case TitleEventKind.Pledged:
        transactions.push(move("TRANSFER", "Pledged to the recipient bank as security"));
        break;
      case TitleEventKind.PledgeReleased:
        transactions.push(move("TRANSFER", "Pledge released to the pledgor"));
        break;
      case TitleEventKind.PledgeEnforced:
        transactions.push({
          actionCode: "SIGN",
          actor: party(step.party),
          actionDateTime: at,
          comments: "Pledge enforced",
        });
        break;
      case TitleEventKind.SurrenderedForDelivery:
        transactions.push(move("SURRENDER_FOR_DELIVERY"));
        break;
      case TitleEventKind.SurrenderedForAmendment:
        transactions.push(move("SURRENDER_FOR_AMENDMENT"));
        break;
      case TitleEventKind.SurrenderRejected:
        transactions.push(move("SREJ"));
        break;
      default:
        // Exported (after its last import), SurrenderAccepted, Replaced, Voided,
        // IssuedAsReplacement: such a bill cannot be exported.
        throw new Error(`a bill whose title chain holds step kind ${step.kind} cannot be exported`);
    }
  }
  transactions.push({
    actionCode: input.negotiable ? "ENDORSE" : "TRANSFER",
    actor: party(steps.at(-1)!.party),
    recipient: input.recipient,
    actionDateTime: iso(input.handoverAt),
  });
  return transactions;
}
