// SPDX-License-Identifier: Apache-2.0
// Test code keeps the forge-std names (`vm`, `Vm`) and plain names for test fixtures.
/* solhint-disable private-vars-leading-underscore, const-name-snakecase, interface-starts-with-i, one-contract-per-file */
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";
import {ConsortiumRoles} from "../../contracts/consortium/ConsortiumRoles.sol";
import {LetterOfCredit} from "../../contracts/credit/LetterOfCredit.sol";
import {IBankingCalendar} from "../../contracts/interfaces/IBankingCalendar.sol";
import {IBillOfLadingTitle} from "../../contracts/interfaces/IBillOfLadingTitle.sol";
import {ICertificateOfOriginRegistry} from "../../contracts/interfaces/ICertificateOfOriginRegistry.sol";
import {IConsortiumRegistry} from "../../contracts/interfaces/IConsortiumRegistry.sol";
import {ICustomsStatus} from "../../contracts/interfaces/ICustomsStatus.sol";
import {ILetterOfCredit} from "../../contracts/interfaces/ILetterOfCredit.sol";
import {CustomsEventType} from "../../contracts/types/CustomsTypes.sol";

/// @notice The cheatcodes these tests use (forge-std is not available).
interface Vm {
    function prank(address sender) external;
    function startPrank(address sender) external;
    function stopPrank() external;
    function warp(uint256 timestamp) external;
}

/// @notice The parties of the trade every credit here is for.
library Parties {
    address internal constant APPLICANT = address(0xA11CE);
    address internal constant BENEFICIARY = address(0xBEEF);
    address internal constant ISSUING_BANK = address(0xB0A1);
    address internal constant ADVISING_BANK = address(0xB0A2);
    uint256 internal constant BILL_ID = 1;
    bytes32 internal constant CERTIFICATE_ID = keccak256("GB-LCCI-0001");
    bytes32 internal constant CERTIFICATE_HASH = keccak256("certificate document");
}

/// @notice Everything around the letter of credit in one small double: the consortium (the four
/// parties above hold their roles), one bill of lading, one valid certificate of origin, a customs
/// oracle that never clears anything, and a calendar on which every day is a banking day.
/// @dev One contract rather than the separate doubles in contracts/test/ and the real registry and
/// calendar, which the TypeScript tests use: a Solidity test contract carries the creation code of
/// what it deploys, and the letter of credit's alone is 22 KB of the 48 KB initcode limit.
contract TradeWorldDouble is
    IConsortiumRegistry,
    IBillOfLadingTitle,
    ICertificateOfOriginRegistry,
    ICustomsStatus,
    IBankingCalendar
{
    address private _holder;
    uint48 private _shippedOnBoardAt;

    /// @notice The bill: shipped at `shippedAt`, held by `holder`.
    function setBill(address holder, uint48 shippedAt) external {
        _holder = holder;
        _shippedOnBoardAt = shippedAt;
    }

    /// @notice Title to the bill moves to `holder`.
    function setHolder(address holder) external {
        _holder = holder;
    }

    // ---- consortium
    function hasActiveRole(bytes32 role, address account) external view returns (bool) {
        return
            (role == ConsortiumRoles.IMPORTER && account == Parties.APPLICANT) ||
            (role == ConsortiumRoles.EXPORTER && account == Parties.BENEFICIARY) ||
            (role == ConsortiumRoles.BANK &&
                (account == Parties.ISSUING_BANK || account == Parties.ADVISING_BANK)) ||
            (role == ConsortiumRoles.CARRIER && account == address(this));
    }

    function isActiveMember(address) external pure returns (bool) {
        return true;
    }

    function member(address) external pure returns (Member memory m) {}

    // ---- bill of lading
    function billFacts(uint256) external view returns (BillFacts memory f) {
        f.carrier = address(this);
        f.shipmentRef = keccak256("MOLU0001");
        f.portOfLoading = "GBFXT";
        f.portOfDischarge = "CNSHA";
        f.shippedOnBoardAt = _shippedOnBoardAt;
    }

    function billStatus(uint256 billId) external view returns (BillStatus) {
        return billId == Parties.BILL_ID && _holder != address(0) ? BillStatus.Active : BillStatus.None;
    }

    function holderOf(uint256) external view returns (address) {
        return _holder;
    }

    function pledgorOf(uint256) external pure returns (address) {
        return address(0);
    }

    // ---- certificates of origin
    function verify(string calldata, bytes32) external pure returns (Verdict) {
        return Verdict.Unknown;
    }

    function verifyById(bytes32 id, bytes32 documentHash) external pure returns (Verdict) {
        return
            id == Parties.CERTIFICATE_ID && documentHash == Parties.CERTIFICATE_HASH
                ? Verdict.Valid
                : Verdict.Unknown;
    }

    function originFacts(bytes32) external pure returns (OriginFacts memory f) {
        f.exporter = Parties.BENEFICIARY;
        f.consignee = Parties.APPLICANT;
        f.countryOfOrigin = "GB";
        f.documentHash = Parties.CERTIFICATE_HASH;
    }

    // ---- customs
    function customsStatus(bytes32) external pure returns (CustomsEventType, uint48) {
        return (CustomsEventType.None, 0);
    }

    function hasReached(bytes32, CustomsEventType) external pure returns (bool, uint48) {
        return (false, 0);
    }

    function clearance(bytes32) external pure returns (bool, uint48, bytes5) {
        return (false, 0, bytes5(0));
    }

    // ---- banking calendar
    function setBankingWeek(uint8, int16) external pure {}

    function setHolidays(uint32[] calldata, bool) external pure {}

    function bankingWeekOf(address) external pure returns (uint8, int16) {
        return (0, 0);
    }

    function isHoliday(address, uint32) external pure returns (bool) {
        return false;
    }

    function localDayOf(address, uint256 timestamp) external pure returns (uint32) {
        return uint32(timestamp / 1 days);
    }

    function isBankingDay(address, uint32) external pure returns (bool) {
        return true;
    }

    function endOfBankingDaysAfter(address, uint256 timestamp, uint256 n) external pure returns (uint48) {
        return uint48((timestamp / 1 days + n + 1) * 1 days - 1);
    }
}

/// @notice A bare ERC-20 (no OpenZeppelin, to stay small): the settlement token.
contract BareToken {
    /// @notice What the token pays in, as a deposit token states it (the credits are in USD).
    bytes3 public constant currency = "USD";

    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    function mint(address to, uint256 amount) external {
        balanceOf[to] += amount;
    }

    function approve(address spender, uint256 amount) external returns (bool) {
        allowance[msg.sender][spender] = amount;
        return true;
    }

    function transfer(address to, uint256 amount) external returns (bool) {
        balanceOf[msg.sender] -= amount;
        balanceOf[to] += amount;
        return true;
    }

    function transferFrom(address from, address to, uint256 amount) external returns (bool) {
        if (allowance[from][msg.sender] != type(uint256).max) allowance[from][msg.sender] -= amount;
        balanceOf[from] -= amount;
        balanceOf[to] += amount;
        return true;
    }
}

/// @notice Drives the letter of credit the way a busy trade desk might: credits opened with random
/// amounts, tolerances, partial-drawing rules, fees and deposits; advice, presentations of random
/// amounts to either bank, examinations that honour or refuse, waivers, settlements with and without
/// title, top-ups, cancellations, time passing and expiries. Every call is made as the party it
/// belongs to; refusals are expected and ignored.
contract LetterOfCreditHandler {
    Vm private constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    LetterOfCredit public immutable lc;
    TradeWorldDouble public immutable world;
    BareToken public immutable token;

    /// @notice Successful calls: open, advise, present, honour, refuse, waive, settle, release, fund,
    /// cancel, amend (propose), answer an amendment.
    uint256[12] public successes;
    /// @notice The most each credit may pay: its amount, +10 % if "about".
    mapping(uint256 lcId => uint256) public ceilingOf;
    mapping(uint256 lcId => address) private _presentedTo;

    constructor(LetterOfCredit lc_, TradeWorldDouble world_, BareToken token_) {
        lc = lc_;
        world = world_;
        token = token_;
    }

    /// @param flags bit 0: "about" the amount; bit 1: partial drawings allowed; bit 2: advise at once.
    function openCredit(uint256 amountSeed, uint8 flags, uint256 feeSeed, uint256 extraSeed) external {
        bool about = flags & 1 != 0;
        ILetterOfCredit.Terms memory t;
        t.beneficiary = Parties.BENEFICIARY;
        t.issuingBank = Parties.ISSUING_BANK;
        t.advisingBank = Parties.ADVISING_BANK;
        t.settlementToken = IERC20(address(token));
        t.fxFeed = AggregatorV3Interface(address(0));
        t.currency = "USD";
        t.amount = uint128(1_000 + (amountSeed % 1_000_000));
        t.aboutAmount = about;
        t.partialDrawingsAllowed = flags & 2 != 0;
        t.expiresAt = uint48(block.timestamp + 30 days + (amountSeed % 60 days));
        t.placeOfExpiry = "GBLON";
        t.latestShipmentAt = t.expiresAt - 10 days;
        t.portOfLoading = "GBFXT";
        t.portOfDischarge = "CNSHA";
        t.countryOfOrigin = "GB";
        t.incoterm = "CIF";
        t.requiredDocuments = 0x07;
        t.advisingFee = uint128(feeSeed % 500);
        vm.prank(Parties.APPLICANT);
        uint256 lcId = lc.applyForCredit(t);
        ceilingOf[lcId] = about ? uint256(t.amount) + t.amount / 10 : t.amount;
        uint256 deposit = lc.requiredEscrow(lcId) + (extraSeed % 1_000); // (a prank covers one call only)
        vm.prank(Parties.ISSUING_BANK);
        lc.issue(lcId, deposit);
        successes[0]++;
        if (flags & 4 != 0) {
            vm.prank(Parties.ADVISING_BANK);
            lc.advise(lcId);
            successes[1]++;
        }
    }

    function advise(uint256 lcSeed) external {
        uint256 lcId = _pick(lcSeed); // before the prank, which covers only the next call
        vm.prank(Parties.ADVISING_BANK);
        try lc.advise(lcId) {
            successes[1]++;
        } catch {}
    }

    /// @param mode bit 0: present to the issuing bank (else the advising bank); bits 1-2: then
    /// 0 leave it with the bank, 1 examine and honour (or refuse if discrepant), 2 examine and refuse.
    function present(uint256 lcSeed, uint256 amountSeed, uint8 mode) external {
        uint256 lcId = _pick(lcSeed);
        address bank = mode & 1 != 0 ? Parties.ISSUING_BANK : Parties.ADVISING_BANK;
        world.setBill(bank, uint48(block.timestamp - 1 days)); // shipped yesterday, title with the bank
        ILetterOfCredit.Documents memory d;
        d.presentedTo = bank;
        d.amount = uint128(1 + (amountSeed % (ceilingOf[lcId] + ceilingOf[lcId] / 10 + 1)));
        d.billId = Parties.BILL_ID;
        d.certificateId = Parties.CERTIFICATE_ID;
        d.certificateHash = Parties.CERTIFICATE_HASH;
        d.invoiceHash = keccak256("invoice");
        vm.prank(Parties.BENEFICIARY);
        try lc.present(lcId, d) {
            _presentedTo[lcId] = bank;
            successes[2]++;
        } catch {
            return;
        }
        uint8 decision = (mode >> 1) % 3;
        if (decision != 0) _decide(lcId, decision == 2);
    }

    function examineAndDecide(uint256 lcSeed, bool refuseAnyway) external {
        _decide(_pick(lcSeed), refuseAnyway);
    }

    function _decide(uint256 lcId, bool refuseAnyway) private {
        vm.startPrank(_presentedTo[lcId]);
        try lc.examine(lcId) {} catch {}
        bytes32[] memory notes = new bytes32[](refuseAnyway ? 1 : 0);
        if (refuseAnyway) notes[0] = "SIGNATURE_MISSING";
        if (!refuseAnyway) {
            try lc.honour(lcId) {
                successes[3]++;
            } catch {}
        }
        try lc.refuse(lcId, notes) {
            successes[4]++;
        } catch {}
        vm.stopPrank();
    }

    function waive(uint256 lcSeed) external {
        uint256 lcId = _pick(lcSeed); // before the prank, which covers only the next call
        vm.prank(Parties.APPLICANT);
        try lc.waiveDiscrepancies(lcId) {
            successes[5]++;
        } catch {}
    }

    function settle(uint256 lcSeed, bool passTitle) external {
        if (passTitle) world.setHolder(Parties.ISSUING_BANK);
        try lc.settle(_pick(lcSeed)) {
            successes[6]++;
        } catch {}
    }

    function release(uint256 lcSeed) external {
        try lc.release(_pick(lcSeed)) {
            successes[7]++;
        } catch {}
    }

    function fund(uint256 lcSeed, uint256 amountSeed) external {
        uint256 lcId = _pick(lcSeed);
        vm.prank(Parties.ISSUING_BANK);
        try lc.fund(lcId, amountSeed % 10_000) {
            successes[8]++;
        } catch {}
    }

    /// @dev Cancels one time in four: a cancelled credit has nothing left to exercise.
    function cancel(uint256 lcSeed) external {
        if (lcSeed % 4 != 0) return;
        uint256 lcId = _pick(lcSeed);
        ILetterOfCredit.Amendment memory a;
        a.changes = uint8(1 << uint8(ILetterOfCredit.AmendmentChange.Cancellation));
        vm.prank(Parties.ISSUING_BANK);
        try lc.proposeAmendment(lcId, a) returns (uint256 amendmentId) {
            vm.prank(Parties.BENEFICIARY);
            lc.acceptAmendment(lcId, amendmentId, a.changes);
            successes[9]++;
        } catch {}
    }

    /// @dev Proposes a new amount, mostly a reduction (a rise must be covered by the escrow), which
    /// the beneficiary answers later: drawings may be settled in between (art. 10c).
    function amend(uint256 lcSeed, uint256 amountSeed) external {
        uint256 lcId = _pick(lcSeed);
        ILetterOfCredit.Amendment memory a;
        a.changes = uint8(1 << uint8(ILetterOfCredit.AmendmentChange.Amount));
        a.amount = uint128(1 + (amountSeed % (ceilingOf[lcId] + 1)));
        vm.prank(Parties.ISSUING_BANK);
        try lc.proposeAmendment(lcId, a) {
            successes[10]++;
        } catch {}
    }

    function answerAmendment(uint256 lcSeed, bool accept) external {
        uint256 lcId = _pick(lcSeed);
        uint256 amendmentId = lc.amendmentCount(lcId);
        vm.prank(Parties.BENEFICIARY);
        if (accept) {
            try
                lc.acceptAmendment(
                    lcId,
                    amendmentId,
                    uint8(1 << uint8(ILetterOfCredit.AmendmentChange.Amount))
                )
            {
                successes[11]++;
            } catch {}
        } else {
            try lc.rejectAmendment(lcId, amendmentId) {
                successes[11]++;
            } catch {}
        }
    }

    function warp(uint256 secondsSeed) external {
        vm.warp(block.timestamp + (secondsSeed % 4 days));
    }

    /// @dev A credit id: half the time the newest credit (so a story can unfold on it), otherwise any.
    function _pick(uint256 seed) private view returns (uint256) {
        uint256 count = lc.creditCount();
        return seed % 2 == 0 ? count : 1 + ((seed >> 1) % count);
    }
}

/// @notice Escrow invariants of the letter of credit under random sequences of every step. For every
/// credit: escrowed = paid + refunded + still held, nothing drawn beyond the credit, nothing held once
/// it is closed or cancelled. Across credits: the contract holds exactly what its credits hold, the
/// beneficiary has received exactly what was drawn, the advising bank exactly the fees, and no token
/// was created or lost.
/// @dev Contracts are deployed in the constructor so their creation code stays out of the test's
/// runtime code (24 KB limit).
contract LetterOfCreditEscrowTest {
    Vm private constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    uint256 private constant SUPPLY = 10 ** 30;

    error EscrowNotConserved(uint256 lcId, uint256 escrowed, uint256 paid, uint256 refunded, uint256 held);
    error DrawnBeyondCredit(uint256 lcId, uint256 drawn, uint256 ceiling);
    error ClosedCreditStillHolds(uint256 lcId, uint256 held);
    error BalanceMismatch(string whose, uint256 balance, uint256 expected);
    error TokensCreatedOrLost(uint256 accounted, uint256 supply);
    error TradeStoppedAt(string step);

    LetterOfCredit private immutable lc;
    TradeWorldDouble private immutable world;
    BareToken private immutable token;
    LetterOfCreditHandler private immutable handler;

    constructor() {
        vm.warp(1_900_000_000);
        world = new TradeWorldDouble();
        lc = new LetterOfCredit(world, world, world, world, world);
        token = new BareToken();
        handler = new LetterOfCreditHandler(lc, world, token);
    }

    function setUp() public {
        token.mint(Parties.ISSUING_BANK, SUPPLY);
        vm.prank(Parties.ISSUING_BANK);
        token.approve(address(lc), type(uint256).max);
        handler.openCredit(0, 1, 0, 0); // the first credit ("about"), so every other step has one
    }

    /// @notice The invariant run calls only the handler.
    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// forge-config: default.invariant.runs = 48
    /// forge-config: default.invariant.depth = 40
    function invariant_escrowedIsPaidPlusRefundedPlusHeld() public view {
        _checkEscrow();
    }

    /// @notice A whole trade settles, the undrawn tolerance is released at expiry, and the books
    /// balance at every step: the anchor that shows the random runs can reach settlement at all.
    function test_aWholeTradeKeepsTheEscrowBalanced() public {
        handler.openCredit(99_000, 1, 100, 0); // credit 2: 100,000 "about", fee 100
        handler.advise(0); // seed 0: the newest credit
        if (handler.successes(1) != 1) revert TradeStoppedAt("advise");
        handler.present(0, 104_999, 0); // 1 + 104,999 % 121,001 = 105,000, to the advising bank
        if (handler.successes(2) != 1) revert TradeStoppedAt("present");
        handler.examineAndDecide(0, false);
        if (handler.successes(3) != 1) revert TradeStoppedAt("honour");
        _checkEscrow();
        handler.settle(0, true);
        if (handler.successes(6) != 1) revert TradeStoppedAt("settle");
        _checkEscrow();
        _expectBalance("beneficiary", Parties.BENEFICIARY, 105_000);
        vm.warp(block.timestamp + 200 days);
        handler.release(0); // credit 2: the undrawn tolerance
        handler.release(1); // credit 1: never advised
        _checkEscrow();
        _expectBalance("escrow after release", address(lc), 0);
    }

    function _checkEscrow() private view {
        uint256 count = lc.creditCount();
        uint256 heldTotal = 0;
        uint256 drawnTotal = 0;
        uint256 feesTotal = 0;
        for (uint256 lcId = 1; lcId <= count; ++lcId) {
            ILetterOfCredit.Escrow memory e = lc.escrowOf(lcId);
            if (e.escrowed != uint256(e.paid) + e.refunded + e.held) {
                revert EscrowNotConserved(lcId, e.escrowed, e.paid, e.refunded, e.held);
            }
            uint256 ceiling = handler.ceilingOf(lcId);
            if (e.drawn > ceiling) revert DrawnBeyondCredit(lcId, e.drawn, ceiling);
            // The terms in force, amendments included, never fall below what was drawn.
            ILetterOfCredit.Terms memory t = lc.terms(lcId);
            uint256 amended = t.aboutAmount ? uint256(t.amount) + t.amount / 10 : t.amount;
            if (e.drawn > amended) revert DrawnBeyondCredit(lcId, e.drawn, amended);
            ILetterOfCredit.Status s = lc.status(lcId);
            if (
                (s == ILetterOfCredit.Status.Closed || s == ILetterOfCredit.Status.Cancelled) && e.held != 0
            ) {
                revert ClosedCreditStillHolds(lcId, e.held);
            }
            heldTotal += e.held;
            drawnTotal += e.drawn;
            feesTotal += e.paid - e.drawn; // one currency: a drawing pays its own amount
        }
        _expectBalance("escrow", address(lc), heldTotal);
        _expectBalance("beneficiary", Parties.BENEFICIARY, drawnTotal);
        _expectBalance("advising bank", Parties.ADVISING_BANK, feesTotal);
        uint256 accounted = token.balanceOf(Parties.ISSUING_BANK) + heldTotal + drawnTotal + feesTotal;
        if (accounted != SUPPLY) revert TokensCreatedOrLost(accounted, SUPPLY);
    }

    function _expectBalance(string memory whose, address account, uint256 expected) private view {
        uint256 balance = token.balanceOf(account);
        if (balance != expected) revert BalanceMismatch(whose, balance, expected);
    }
}
