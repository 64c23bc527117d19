// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";
import {IDocumentFinancing} from "./IDocumentFinancing.sol";
import {IPayableVoucher} from "./IPayableVoucher.sol";
import {IProceedsAssignee} from "./IProceedsAssignee.sol";
import {Discrepancies} from "../types/Discrepancies.sol";

/// @title ILetterOfCredit
/// @notice Documentary letters of credit under UCP 600, with the credit amount held in escrow in
/// an ERC-20 settlement token and paid to the beneficiary automatically once the presentation is
/// honoured, title under the bill of lading has passed to the issuing bank and, where the credit
/// asks for it, customs at destination has cleared the goods.
/// @dev One contract holds every credit, keyed by `lcId` (1, 2, ...). Status is derived from stored
/// facts and the clock (`status(lcId)`): nothing has to "flip" a credit to Expired, and a
/// presentation the bank leaves undecided past its fifth banking day counts as honoured (art. 16f).
interface ILetterOfCredit {
    // ------------------------------------------------------------------ types

    /// @notice Where a credit is in its life (derived; see `status`).
    enum Status {
        None, //       0: no such credit
        Applied, //    1: the applicant applied; the issuing bank has not issued
        Declined, //   2: the issuing bank declined the application (final)
        Issued, //     3: issued and funded in escrow; not yet advised to the beneficiary
        Advised, //    4: advised (art. 9): operative, the beneficiary may present
        Presented, //  5: documents presented, under examination (art. 14b)
        Refused, //    6: the presentation was refused (art. 16); the applicant may waive (art. 16b)
        Honoured, //   7: complying, waived or deemed honoured (art. 15, 16f): awaits settlement
        Expired, //    8: past expiry (art. 6d) with nothing in flight: the balance awaits release
        Cancelled, //  9: cancelled with the beneficiary's consent (art. 10a) (final)
        Closed //     10: fully drawn or released after expiry (final)
    }

    /// @notice What became of one presentation.
    enum PresentationOutcome {
        Pending, //    under examination (or deemed honoured once the deadline passed: art. 16f)
        Honoured, //   the examining bank honoured a complying presentation (art. 15)
        Refused, //    refused with a notice listing every discrepancy (art. 16c-d)
        Waived, //     refused, then the applicant waived the discrepancies (art. 16b)
        Settled, //    paid to the beneficiary
        Superseded //  refused, then replaced by a later presentation
    }

    /// @notice The documents a credit may require; `Terms.requiredDocuments` is a set of these
    /// (bit `i` = `Document(i)`). The bill of lading, the certificate of origin and the commercial
    /// invoice are always required.
    enum Document {
        BillOfLading,
        CertificateOfOrigin,
        CommercialInvoice,
        InsuranceCertificate,
        PackingList
    }

    /// @notice What an amendment changes; `Amendment.changes` is a set of these (bit `i` = value `i`).
    enum AmendmentChange {
        Amount,
        Expiry,
        LatestShipment,
        PresentationPeriod,
        Cancellation
    }

    /// @notice What settlement of an honoured drawing waits for, besides the escrow covering it. Each
    /// protects one party, who alone may waive it: title to the issuing bank, customs clearance
    /// the applicant.
    enum SettlementCondition {
        TitleToIssuingBank, // the bill of lading is held by the issuing bank
        CustomsClearance //    customs at destination cleared the goods (only where the credit asks)
    }

    /// @notice Where an amendment stands (art. 10).
    enum AmendmentState {
        None,
        Pending,
        Accepted,
        Rejected
    }

    /// @notice The terms of a credit as the applicant asks for them and the issuing bank issues them.
    /// @dev Amounts of the credit (`amount`, drawings) are in the credit's currency, written with the
    /// settlement token's decimals. With no `fxFeed` the credit's currency is the token's and one unit
    /// pays one unit; with a feed, the feed quotes settlement-token units per unit of the credit's
    /// currency and every payment converts at the rate of the day it is made. Fees are in token units.
    struct Terms {
        address beneficiary; //          an EXPORTER member
        address issuingBank; //          a BANK member
        address advisingBank; //         a BANK member (art. 9); the nominated bank unless confirmed
        address confirmingBank; //       a BANK member or address(0) (art. 8); nominated when set
        IERC20 settlementToken; //       an ERC-20 stating its ISO 4217 `currency()` (the consortium's DepositToken)
        AggregatorV3Interface fxFeed; // address(0) when the credit is in the token's currency; else base = credit, quote = token
        bytes3 currency; //              ISO 4217 code of the credit, e.g. "USD" (art. 18a iii)
        uint128 amount; //               the credit amount
        bool aboutAmount; //             "about": +/-10 % tolerance on the amount (art. 30a)
        bool partialDrawingsAllowed; //  art. 31a
        bool customsClearanceRequired; // settlement waits for customs at destination to clear the goods
        uint48 expiresAt; //             last second of the expiry date at the place for presentation (art. 6d i)
        bytes5 placeOfExpiry; //         UN/LOCODE of the place for presentation (art. 6d ii)
        uint48 latestShipmentAt; //      last second of the latest date of shipment
        uint16 presentationDays; //      calendar days after shipment; 0 means 21 (art. 14c)
        bytes5 portOfLoading; //         UN/LOCODE (art. 20a iii)
        bytes5 portOfDischarge; //       UN/LOCODE (art. 20a iii)
        bytes2 countryOfOrigin; //       ISO 3166-1 alpha-2 the certificate of origin must state
        bytes3 incoterm; //              Incoterms 2020 rule, e.g. "CIF"
        uint8 requiredDocuments; //      set of `Document`
        bytes32 goodsHash; //            keccak256 of the description of the goods (art. 18c)
        uint128 advisingFee; //          token units paid from escrow to the advising bank on advice
        uint128 confirmationFee; //      token units paid from escrow to the confirming bank on confirmation
        uint16 deferredPaymentDays; //   0: by sight payment; N: by deferred payment, N days after shipment on board (art. 6b, 7a)
    }

    /// @notice The parties to a credit and the dates it was applied for and issued.
    struct Parties {
        address applicant;
        address beneficiary;
        address issuingBank;
        address advisingBank;
        address confirmingBank;
        uint48 appliedAt;
        uint48 issuedAt;
        bool confirmed;
    }

    /// @notice An amendment proposed by the issuing bank (art. 10). Every field not named in
    /// `changes` is ignored.
    struct Amendment {
        uint8 changes; //              set of `AmendmentChange`
        uint128 amount;
        uint48 expiresAt;
        uint48 latestShipmentAt;
        uint16 presentationDays;
        uint48 deemedAcceptedAfter; // "in force unless rejected by ...": recorded, has no effect (art. 10f)
        bytes32 detailsHash; //        keccak256 of the full amendment text
    }

    /// @notice An amendment and what became of it.
    struct AmendmentRecord {
        Amendment amendment;
        AmendmentState state;
        uint48 proposedAt;
        uint48 answeredAt;
        bool acceptedByPresentation; // art. 10c: a presentation complying only with the amended terms
    }

    /// @notice The documents of one presentation: the on-chain bill of lading and certificate of
    /// origin by reference, the other documents by hash (zero = not presented).
    struct Documents {
        address presentedTo; //      the issuing bank or the nominated bank (art. 6a)
        uint128 amount; //           the amount drawn, in the credit's currency
        uint256 billId; //           the electronic bill of lading
        bytes32 certificateId; //    keccak256 of the certificate of origin number; 0 = not presented
        bytes32 certificateHash; //  keccak256 of the certificate document presented
        bytes32 invoiceHash; //      keccak256 of the commercial invoice
        bytes32 insuranceHash; //    keccak256 of the insurance certificate
        bytes32 packingListHash; //  keccak256 of the packing list
        bytes32[] invoiceFingerprints; // the commercial invoice's fingerprints, claimed in `Finance.documents` when set
        bytes32[] billFingerprints; //    the bill of lading's fingerprints, claimed likewise
    }

    /// @notice One presentation and everything decided about it (also its storage layout: 8 slots).
    struct PresentationRecord {
        uint128 amount; //                  the amount drawn, in the credit's currency
        uint48 presentedAt;
        uint48 examineBy; //                end of the fifth banking day after presentation (art. 14b)
        Discrepancies discrepancies; //     what the chain found at examination
        address presentedTo; //             the examining bank
        uint48 examinedAt;
        uint48 decidedAt;
        uint128 paid; //                    settlement-token units paid to the beneficiary
        PresentationOutcome outcome;
        uint8 documentsPresented; //        set of `Document`
        uint8 waivedConditions; //          set of `SettlementCondition` waived for this drawing
        uint256 billId;
        bytes32 certificateId;
        bytes32 certificateHash;
        bytes32 otherDocumentsHash; //      keccak256(abi.encode(invoiceHash, insuranceHash, packingListHash))
        bytes32[] bankDiscrepancies; //     codes or hashes of free text the examining bank added
    }

    /// @notice The money of one credit, in settlement-token units except `drawn`.
    /// `escrowed == paid + refunded + held` always.
    struct Escrow {
        uint128 escrowed; // received into escrow (measured by balance, so fee-on-transfer tokens count right)
        uint128 paid; //     paid out: drawings and fees
        uint128 refunded; // returned to the issuing bank
        uint128 held; //     still held
        uint128 drawn; //    total settled drawings, in the credit's currency
    }

    /// @notice A feed the consortium approved for conversions, with its limits.
    struct FxFeedConfig {
        bool approved;
        uint8 decimals;
        uint32 heartbeat; // a rate older than this many seconds is stale
        int256 minAnswer;
        int256 maxAnswer;
    }

    /// @notice The contracts the credits' open-account finance goes through, named by governance.
    struct Finance {
        IPayableVoucher vouchers; //           issues the vouchers of deferred payment undertakings
        IProceedsAssignee proceedsAssignee; // the contract beneficiaries may assign proceeds to (art. 39)
        IDocumentFinancing documents; //       the one-document-one-facility guard presentations claim in
    }

    // ------------------------------------------------------------------ errors

    /// @notice Credit `lcId` is in status `current`; the call needs one of the statuses in the
    /// bitmap `allowed` (bit `i` = `Status(i)`).
    error LetterOfCreditUnexpectedStatus(uint256 lcId, Status current, bytes32 allowed);
    /// @notice `caller` is not the party this step of credit `lcId` belongs to (`expected`).
    error LetterOfCreditWrongParty(uint256 lcId, address caller, address expected);
    /// @notice Documents were presented to `bank`, neither the issuing nor the nominated bank (art. 6a).
    error LetterOfCreditNotPresentable(uint256 lcId, address bank);
    /// @notice A term is missing or impossible; `field` names it.
    error LetterOfCreditInvalidTerms(string field);
    /// @notice An amendment is malformed; `field` names what is wrong.
    error LetterOfCreditInvalidAmendment(string field);
    /// @notice Amendment `amendmentId` of credit `lcId` is not the pending one.
    error LetterOfCreditAmendmentNotPending(uint256 lcId, uint256 amendmentId);
    /// @notice Amendment `pendingId` of credit `lcId` still awaits the beneficiary's answer.
    error LetterOfCreditAmendmentAlreadyPending(uint256 lcId, uint256 pendingId);
    /// @notice The escrow of credit `lcId` holds `held` where `required` is needed.
    error LetterOfCreditEscrowShort(uint256 lcId, uint256 required, uint256 held);
    /// @notice Presentation on credit `lcId` after its expiry `expiresAt` (art. 6e).
    error LetterOfCreditPresentationAfterExpiry(uint256 lcId, uint256 expiresAt, uint256 presentedAt);
    /// @notice Drawing of zero on credit `lcId`.
    error LetterOfCreditZeroDrawing(uint256 lcId);
    /// @notice The current presentation of credit `lcId` has not been examined yet.
    error LetterOfCreditNotExamined(uint256 lcId);
    /// @notice The current presentation of credit `lcId` was examined already.
    error LetterOfCreditAlreadyExamined(uint256 lcId);
    /// @notice Honour of a presentation in which the chain found `discrepancies` (refuse, then let the
    /// applicant waive: art. 16b).
    error LetterOfCreditDiscrepantPresentation(uint256 lcId, Discrepancies discrepancies);
    /// @notice A refusal notice must state every discrepancy and this one states none (art. 16c ii).
    error LetterOfCreditRefusalWithoutDiscrepancy(uint256 lcId);
    /// @notice The examining bank did not refuse by the end of the fifth banking day after
    /// presentation (`examineBy`) and is precluded from refusing now (art. 16f).
    error LetterOfCreditRefusalPrecluded(uint256 lcId, uint256 examineBy);
    /// @notice A refusal listing more bank discrepancies than `max`.
    error LetterOfCreditTooManyBankDiscrepancies(uint256 count, uint256 max);
    /// @notice Settlement of credit `lcId` waits for title to bill `billId` to pass to the issuing
    /// bank; `holder` holds it now.
    error LetterOfCreditTitleNotWithIssuingBank(uint256 lcId, uint256 billId, address holder);
    /// @notice Settlement of credit `lcId` waits for customs to clear shipment `shipmentRef`.
    error LetterOfCreditCustomsNotCleared(uint256 lcId, bytes32 shipmentRef);
    /// @notice Customs cleared shipment `shipmentRef` at `clearedAt`, not at the bill's port of
    /// discharge `portOfDischarge`: credit `lcId` waits for clearance at destination.
    error LetterOfCreditClearedAwayFromDischarge(
        uint256 lcId,
        bytes32 shipmentRef,
        bytes5 clearedAt,
        bytes5 portOfDischarge
    );
    /// @notice Credit `lcId` does not make settlement wait for `condition`, or it was waived already.
    error LetterOfCreditConditionNotPending(uint256 lcId, SettlementCondition condition);
    /// @notice `feed` is not approved for conversions.
    error LetterOfCreditFxFeedNotApproved(address feed);
    /// @notice `feed`'s latest rate, from `updatedAt`, is older than its `heartbeat`.
    error LetterOfCreditFxRateStale(address feed, uint256 updatedAt, uint256 heartbeat);
    /// @notice `feed` answered `answer`, outside [`minAnswer`, `maxAnswer`].
    error LetterOfCreditFxRateOutOfBounds(address feed, int256 answer, int256 minAnswer, int256 maxAnswer);
    /// @notice A feed configuration with an empty heartbeat or bounds that are empty or not positive.
    error LetterOfCreditInvalidFxFeedConfig(address feed);
    /// @notice Credit `lcId` was confirmed already (art. 8).
    error LetterOfCreditAlreadyConfirmed(uint256 lcId);
    /// @notice The settlement token and feed do not pay in the credit's currency `creditCurrency`:
    /// without a feed `token` must state (`currency()`) the credit's currency; with `feed`, the feed
    /// must quote `tokenCurrency` per `creditCurrency` (base the credit's, quote the token's). A
    /// currency a contract does not state reads 0x000000.
    error LetterOfCreditCurrencyMismatch(
        bytes3 creditCurrency,
        address token,
        bytes3 tokenCurrency,
        address feed,
        bytes3 feedBase,
        bytes3 feedQuote
    );
    /// @notice Accepting amendment `amendmentId` of credit `lcId` would set its most payable
    /// amount to `amendedMaximum`, below the `drawn` already settled under it.
    error LetterOfCreditAmendmentBelowDrawn(
        uint256 lcId,
        uint256 amendmentId,
        uint256 amendedMaximum,
        uint256 drawn
    );

    /// @notice Credit `lcId` is available by deferred payment and no voucher contract is named to
    /// issue its undertaking (governance: `configureFinance`).
    error LetterOfCreditNoVoucherContract(uint256 lcId);
    /// @notice Governance named no proceeds assignee, so the proceeds of credit `lcId` cannot be assigned.
    error LetterOfCreditNoProceedsAssignee(uint256 lcId);
    /// @notice The consortium's document-financing guard is configured and presentation
    /// `presentationId` of credit `lcId` does not fingerprint both its commercial invoice and its bill.
    error LetterOfCreditDocumentsNotFingerprinted(uint256 lcId, uint256 presentationId);
    /// @notice The documents credit `lcId` claimed may still back a payment: it is `status` (not
    /// Expired, Cancelled or Closed) or `drawn` was paid under it.
    error LetterOfCreditDocumentsInUse(uint256 lcId, Status status, uint256 drawn);
    /// @notice The proceeds of credit `lcId` are assigned already, to `assignee` (art. 39).
    error LetterOfCreditProceedsAlreadyAssigned(uint256 lcId, address assignee);

    // ------------------------------------------------------------------ events

    event CreditApplied(
        uint256 indexed lcId,
        address indexed applicant,
        address indexed issuingBank,
        address beneficiary,
        bytes32 termsHash
    );
    event ApplicationDeclined(uint256 indexed lcId, address indexed issuingBank, bytes32 reason);
    event CreditIssued(uint256 indexed lcId, address indexed issuingBank, uint256 escrowed);
    event EscrowFunded(uint256 indexed lcId, address indexed from, uint256 received);
    event CreditAdvised(uint256 indexed lcId, address indexed advisingBank);
    event CreditConfirmed(uint256 indexed lcId, address indexed confirmingBank);
    event FeePaid(uint256 indexed lcId, address indexed to, uint256 amount);
    event AmendmentProposed(uint256 indexed lcId, uint256 indexed amendmentId, Amendment amendment);
    event AmendmentAccepted(uint256 indexed lcId, uint256 indexed amendmentId, bool byPresentation);
    event AmendmentRejected(uint256 indexed lcId, uint256 indexed amendmentId, bool partialAcceptance);
    event DocumentsPresented(
        uint256 indexed lcId,
        uint256 indexed presentationId,
        address indexed presentedTo,
        Documents documents,
        uint48 examineBy
    );
    event PresentationExamined(
        uint256 indexed lcId,
        uint256 indexed presentationId,
        address indexed bank,
        Discrepancies discrepancies
    );
    event PresentationHonoured(uint256 indexed lcId, uint256 indexed presentationId, address indexed bank);
    event PresentationRefused(
        uint256 indexed lcId,
        uint256 indexed presentationId,
        address indexed bank,
        Discrepancies discrepancies,
        bytes32[] bankDiscrepancies
    );
    event DiscrepanciesWaived(
        uint256 indexed lcId,
        uint256 indexed presentationId,
        address indexed applicant
    );
    event SettlementConditionWaived(
        uint256 indexed lcId,
        uint256 indexed presentationId,
        SettlementCondition condition,
        address indexed by
    );
    event DrawingSettled(
        uint256 indexed lcId,
        uint256 indexed presentationId,
        address indexed beneficiary,
        uint256 creditAmount,
        uint256 tokenAmount
    );
    /// @notice The drawing `presentationId` of deferred-payment credit `lcId` was honoured by
    /// incurring `obligor`'s deferred payment undertaking (art. 7a iv, 12b): payable `payableId`,
    /// funded from escrow with `tokenAmount`, due at `maturity`; the beneficiary holds `voucherId`.
    event DeferredPaymentIncurred(
        uint256 indexed lcId,
        uint256 indexed presentationId,
        address indexed obligor,
        uint256 payableId,
        uint256 voucherId,
        uint256 tokenAmount,
        uint256 maturity
    );
    /// @notice The beneficiary assigned the proceeds of credit `lcId` to `assignee` (art. 39).
    event ProceedsAssigned(uint256 indexed lcId, address indexed beneficiary, address indexed assignee);
    /// @notice Settling drawing `presentationId` of credit `lcId` paid `assignee` `amount` token
    /// units first: in money (`voucherId` 0) or as voucher `voucherId` worth `amount`.
    event ProceedsPaidToAssignee(
        uint256 indexed lcId,
        uint256 indexed presentationId,
        address indexed assignee,
        uint256 amount,
        uint256 voucherId
    );
    /// @notice Governance named the contracts of the credits' open-account finance.
    event FinanceConfigured(address vouchers, address proceedsAssignee, address documents);
    event CreditCancelled(uint256 indexed lcId);
    event CreditClosed(uint256 indexed lcId, uint256 refunded);
    event FxFeedConfigured(
        address indexed feed,
        bool approved,
        uint32 heartbeat,
        int256 minAnswer,
        int256 maxAnswer
    );

    // ------------------------------------------------------------------ the life of a credit

    /// @notice The applicant (an IMPORTER member) applies for a credit on `terms`. The settlement
    /// token (and feed, if any) must pay in the credit's currency (`LetterOfCreditCurrencyMismatch`).
    function applyForCredit(Terms calldata terms) external returns (uint256 lcId);

    /// @notice The issuing bank declines the application.
    function declineApplication(uint256 lcId, bytes32 reason) external;

    /// @notice The issuing bank issues the credit, depositing `deposit` settlement-token units in escrow
    /// (it must have approved this contract); the escrow must then cover the credit.
    function issue(uint256 lcId, uint256 deposit) external;

    /// @notice The issuing bank adds `deposit` to the escrow of credit `lcId`.
    function fund(uint256 lcId, uint256 deposit) external;

    /// @notice The advising bank advises the credit to the beneficiary (art. 9).
    function advise(uint256 lcId) external;

    /// @notice The confirming bank confirms the credit (art. 8).
    function confirm(uint256 lcId) external;

    /// @notice The issuing bank proposes an amendment (art. 10).
    function proposeAmendment(
        uint256 lcId,
        Amendment calldata amendment
    ) external returns (uint256 amendmentId);

    /// @notice The beneficiary accepts the amendment: all of it, or it is rejected (art. 10e).
    function acceptAmendment(uint256 lcId, uint256 amendmentId, uint8 acceptedChanges) external;

    /// @notice The beneficiary rejects the amendment (art. 10c).
    function rejectAmendment(uint256 lcId, uint256 amendmentId) external;

    /// @notice The beneficiary presents documents (art. 14c, 6d). Where governance configured the
    /// document-financing guard, the presentation claims its commercial invoice and bill of lading
    /// there for this credit (one document, one facility: the credit is the facility, so documents
    /// presented again under it are not claimed twice), and is refused if either backs another.
    function present(uint256 lcId, Documents calldata documents) external returns (uint256 presentationId);

    /// @notice The examining bank has the chain examine the current presentation and record what it finds.
    function examine(uint256 lcId) external returns (Discrepancies discrepancies);

    /// @notice The examining bank honours a complying presentation (art. 15).
    function honour(uint256 lcId) external;

    /// @notice The examining bank refuses, in a single notice listing every discrepancy (art. 16c-d).
    function refuse(uint256 lcId, bytes32[] calldata bankDiscrepancies) external;

    /// @notice The applicant waives the discrepancies of the refused presentation (art. 16b).
    function waiveDiscrepancies(uint256 lcId) external;

    /// @notice The party a settlement condition protects waives it for the honoured drawing: the
    /// issuing bank the passing of title, the applicant customs clearance.
    function waiveSettlementCondition(uint256 lcId, SettlementCondition condition) external;

    /// @notice Pays the honoured drawing once title and customs conditions hold. Anyone may call.
    /// A sight credit pays money; a deferred-payment credit whose maturity is still ahead incurs
    /// the honouring bank's deferred payment undertaking instead: a voucher of `Finance.vouchers`,
    /// funded from escrow, with that bank as obligor. Where the proceeds are assigned, the assignee
    /// is paid first what it is owed (art. 39), the rest goes to the beneficiary.
    function settle(uint256 lcId) external;

    /// @notice The beneficiary assigns the proceeds of credit `lcId` to the proceeds assignee
    /// governance named (art. 39), irrevocably: every later settlement pays it first.
    function assignProceeds(uint256 lcId) external;

    /// @notice Release invoice and bill fingerprints credit `lcId` claimed in the document-financing
    /// guard, once the credit ended (Expired, Cancelled or Closed) with nothing drawn under it, so
    /// the documents may back another facility. Anyone may call (the beneficiary, typically).
    function releaseDocuments(
        uint256 lcId,
        bytes32[] calldata invoiceFingerprints,
        bytes32[] calldata billFingerprints
    ) external;

    /// @notice Name the contracts of the credits' open-account finance. Governance only.
    function configureFinance(Finance calldata finance) external;

    /// @notice Returns the undrawn balance of an expired credit to the issuing bank. Anyone may call.
    function release(uint256 lcId) external;

    /// @notice Approve (or withdraw) `feed` for conversions, with its heartbeat and bounds. Governance only.
    function configureFxFeed(
        AggregatorV3Interface feed,
        bool approved,
        uint32 heartbeat,
        int256 minAnswer,
        int256 maxAnswer
    ) external;

    // ------------------------------------------------------------------ views

    /// @notice The status of credit `lcId`, derived from its facts and the clock.
    function status(uint256 lcId) external view returns (Status);

    /// @notice The terms of credit `lcId` now (amendments accepted so far applied).
    function terms(uint256 lcId) external view returns (Terms memory);

    /// @notice The parties of credit `lcId`.
    function parties(uint256 lcId) external view returns (Parties memory);

    /// @notice The money of credit `lcId`.
    function escrowOf(uint256 lcId) external view returns (Escrow memory);

    /// @notice Presentation `presentationId` (0, 1, ...) of credit `lcId`.
    function presentation(
        uint256 lcId,
        uint256 presentationId
    ) external view returns (PresentationRecord memory);

    /// @notice How many presentations credit `lcId` has had.
    function presentationCount(uint256 lcId) external view returns (uint256);

    /// @notice Amendment `amendmentId` (1, 2, ...) of credit `lcId`.
    function amendment(uint256 lcId, uint256 amendmentId) external view returns (AmendmentRecord memory);

    /// @notice How many amendments credit `lcId` has had proposed.
    function amendmentCount(uint256 lcId) external view returns (uint256);

    /// @notice What the chain would find examining the current presentation of credit `lcId` now.
    function previewExamination(uint256 lcId) external view returns (Discrepancies);

    /// @notice What settling credit `lcId` now would pay: the drawing in the credit's currency and in
    /// token units. Reverts with the reason settlement would fail (status, title, customs, FX, escrow).
    function previewSettlement(
        uint256 lcId
    ) external view returns (uint256 creditAmount, uint256 tokenAmount);

    /// @notice Token units the escrow of credit `lcId` must hold now to cover its undrawn maximum
    /// (at today's rate, rounded up) and its unpaid fees; what `issue` requires.
    function requiredEscrow(uint256 lcId) external view returns (uint256);

    /// @notice Settlement-token units `creditAmount` of credit `lcId`'s currency converts to now.
    function toSettlementAmount(uint256 lcId, uint256 creditAmount) external view returns (uint256);

    /// @notice How many credits exist.
    function creditCount() external view returns (uint256);

    /// @notice How many credits are issued and not yet closed or cancelled (the upkeep's queue).
    function openCreditCount() external view returns (uint256);

    /// @notice The `index`-th open credit.
    function openCreditAt(uint256 index) external view returns (uint256 lcId);

    /// @notice The contracts of the credits' open-account finance.
    function finance() external view returns (Finance memory);

    /// @notice The assignee of the proceeds of credit `lcId` (0: not assigned), and the
    /// beneficiary's voucher of drawing `presentationId` if it was paid by deferred payment (else 0).
    function proceedsOf(
        uint256 lcId,
        uint256 presentationId
    ) external view returns (address assignee, uint256 deferredVoucherId);

    /// @notice The approval and limits of `feed`.
    function fxFeedConfig(AggregatorV3Interface feed) external view returns (FxFeedConfig memory);
}
