// SPDX-License-Identifier: Apache-2.0
// Test code keeps the forge-std names (`vm`, `Vm`) and plain names for test fixtures.
/* solhint-disable private-vars-leading-underscore, const-name-snakecase, interface-starts-with-i, one-contract-per-file */
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {PreShipmentAdvance} from "../../contracts/finance/PreShipmentAdvance.sol";
import {ConsortiumRoles} from "../../contracts/consortium/ConsortiumRoles.sol";
import {IConsortiumRegistry} from "../../contracts/interfaces/IConsortiumRegistry.sol";
import {ICustomsStatus} from "../../contracts/interfaces/ICustomsStatus.sol";
import {IDocumentFinancing} from "../../contracts/interfaces/IDocumentFinancing.sol";
import {ILetterOfCredit} from "../../contracts/interfaces/ILetterOfCredit.sol";
import {IPreShipmentAdvance} from "../../contracts/interfaces/IPreShipmentAdvance.sol";
import {IPurchaseOrder} from "../../contracts/interfaces/IPurchaseOrder.sol";
import {CustomsEventType} from "../../contracts/types/CustomsTypes.sol";

/// @notice The cheatcodes these tests use (forge-std is not available).
interface Vm {
    function prank(address sender) external;
    function warp(uint256 timestamp) external;
}

/// @notice The parties of every advance here.
library AdvanceParties {
    address internal constant BANK = address(0xB0A1);
    address internal constant EXPORTER = address(0xBEEF);
    address internal constant IMPORTER = address(0xA11CE);
}

/// @notice Everything around the advance in one small double: the consortium (the parties above
/// hold their roles; this contract is the carrier and the registry), the orders, the customs
/// status of each shipment and the document guard (claims always succeed).
/// @dev It answers the purchase-order reads an advance makes (`order`, `orderStatus`,
/// `orderFingerprints`) without implementing the whole IPurchaseOrder.
contract AdvanceWorldDouble is IConsortiumRegistry, ICustomsStatus, IDocumentFinancing {
    mapping(uint256 orderId => IPurchaseOrder.Order) private _orders;
    mapping(bytes32 shipmentRef => mapping(CustomsEventType status => uint48 at)) private _reachedAt;

    // ---- consortium
    function hasActiveRole(bytes32 role, address account) external view returns (bool) {
        return
            (role == ConsortiumRoles.BANK && account == AdvanceParties.BANK) ||
            (role == ConsortiumRoles.EXPORTER && account == AdvanceParties.EXPORTER) ||
            (role == ConsortiumRoles.CARRIER && account == address(this));
    }

    function isActiveMember(address) external pure returns (bool) {
        return true;
    }

    function member(address) external pure returns (Member memory m) {}

    // ---- orders
    function putOrder(uint256 orderId, uint128 amount, uint48 latestShipmentAt) external {
        IPurchaseOrder.Order storage o = _orders[orderId];
        o.terms.exporter = AdvanceParties.EXPORTER;
        o.terms.currency = "USD";
        o.terms.amount = amount;
        o.terms.latestShipmentAt = latestShipmentAt;
        o.importer = AdvanceParties.IMPORTER;
        o.status = IPurchaseOrder.OrderStatus.Accepted;
    }

    function order(uint256 orderId) external view returns (IPurchaseOrder.Order memory) {
        return _orders[orderId];
    }

    function orderStatus(uint256 orderId) external view returns (IPurchaseOrder.OrderStatus) {
        return _orders[orderId].status;
    }

    function orderFingerprints(
        uint256 orderId
    ) external pure returns (IPurchaseOrder.OrderFingerprints memory) {
        return
            IPurchaseOrder.OrderFingerprints(
                keccak256(abi.encode("exact", orderId)),
                keccak256(abi.encode("fuzzy", orderId))
            );
    }

    // ---- customs
    function record(bytes32 shipmentRef, CustomsEventType status) external {
        if (_reachedAt[shipmentRef][status] == 0) _reachedAt[shipmentRef][status] = uint48(block.timestamp);
    }

    function hasReached(bytes32 shipmentRef, CustomsEventType status) external view returns (bool, uint48) {
        uint48 at = _reachedAt[shipmentRef][status];
        return (at != 0, at);
    }

    function customsStatus(bytes32) external pure returns (CustomsEventType, uint48) {
        return (CustomsEventType.None, 0);
    }

    function clearance(bytes32) external pure returns (bool, uint48, bytes5) {
        return (false, 0, bytes5(0));
    }

    // ---- document guard
    function claim(DocumentKind, bytes32[] calldata, uint256) external {}

    function release(DocumentKind, bytes32[] calldata, uint256) external {}

    function facilityOf(DocumentKind, bytes32) external pure returns (Facility memory f) {}
}

/// @notice A bare ERC-20 stating a currency, as a deposit token does.
contract AdvanceToken {
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

/// @notice Drives advances the way a trade desk might: advances opened with random limits,
/// tranche schedules and rates; customs events of any kind in any order; tranche claims of any
/// index, at any time; proceeds of any size paid through this handler, which governance named the
/// payer; overdue calls, escrow withdrawals, time passing. Refusals are expected and ignored; what
/// must never happen is counted.
contract AdvanceHandler {
    Vm private constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    PreShipmentAdvance public immutable advance;
    AdvanceWorldDouble public immutable world;
    AdvanceToken public immutable token;

    /// @notice A tranche was released although its milestone was not reached.
    uint256 public releasedBeforeMilestone;
    /// @notice Proceeds paid the bank more than owed, or the exporter before the bank was paid in full.
    uint256 public proceedsMisrouted;
    /// @notice What the bank received back (proceeds) and what the exporter received (tranches + proceeds).
    uint256 public bankRepaid;
    uint256 public exporterReceived;

    mapping(bytes32 shipmentRef => mapping(uint8 status => bool)) private _seen;

    constructor(AdvanceWorldDouble world_, AdvanceToken token_) {
        world = world_;
        token = token_;
        advance = new PreShipmentAdvance(
            IConsortiumRegistry(address(world_)),
            IPurchaseOrder(address(world_)),
            ILetterOfCredit(address(0)),
            ICustomsStatus(address(world_)),
            IDocumentFinancing(address(world_))
        );
    }

    function openAdvance(
        uint256 amountSeed,
        uint256 shareSeed,
        uint256 scheduleSeed,
        uint16 rateSeed
    ) external {
        uint256 orderId = advance.advanceCount() + 1;
        uint128 amount = uint128(1_000 + (amountSeed % 1e12));
        world.putOrder(orderId, amount, uint48(block.timestamp + 30 days));
        IPreShipmentAdvance.Offer memory o;
        o.exporter = AdvanceParties.EXPORTER;
        o.sourceKind = IPreShipmentAdvance.SourceKind.PurchaseOrder;
        o.sourceId = orderId;
        o.token = IERC20(address(token));
        o.shareBps = uint16(1 + (shareSeed % 10_000));
        o.limit = uint128((uint256(amount) * o.shareBps) / 10_000);
        o.rateBps = rateSeed % 2_001;
        o.graceDays = uint16(scheduleSeed % 15);
        o.expiresAt = uint48(block.timestamp + 7 days);
        o.tranches = _schedule(scheduleSeed);
        vm.prank(AdvanceParties.BANK);
        uint256 id = advance.offer(o);
        vm.prank(AdvanceParties.EXPORTER);
        advance.accept(id, address(world), _bl(id));
        vm.prank(AdvanceParties.BANK);
        advance.fund(id);
    }

    function reach(uint256 idSeed, uint256 statusSeed) external {
        uint256 count = advance.advanceCount();
        if (count == 0) return;
        bytes32 ref = advance.advance(1 + (idSeed % count)).shipmentRef;
        CustomsEventType[6] memory kinds = [
            CustomsEventType.DeclarationAccepted,
            CustomsEventType.Released,
            CustomsEventType.Loaded,
            CustomsEventType.Departed,
            CustomsEventType.Arrived,
            CustomsEventType.UnderControl
        ];
        CustomsEventType status = kinds[statusSeed % kinds.length];
        world.record(ref, status);
        _seen[ref][uint8(status)] = true;
    }

    function claim(uint256 idSeed, uint256 index) external {
        uint256 count = advance.advanceCount();
        if (count == 0) return;
        uint256 id = 1 + (idSeed % count);
        index = index % 4;
        IPreShipmentAdvance.Advance memory a = advance.advance(id);
        IPreShipmentAdvance.Milestone milestone = IPreShipmentAdvance.Milestone.Departed;
        if (index < a.trancheCount) milestone = advance.tranches(id)[index].milestone;
        vm.prank(AdvanceParties.EXPORTER);
        try advance.claimTranche(id, index) returns (uint256 amount) {
            exporterReceived += amount;
            if (!_reachedByRule(a.shipmentRef, milestone)) ++releasedBeforeMilestone;
        } catch {}
    }

    /// @dev Pays `proceeds` as a credit's settlement or a commitment would: the assignee first.
    function pay(uint256 idSeed, uint256 proceedsSeed) external {
        uint256 count = advance.advanceCount();
        if (count == 0) return;
        uint256 orderId = 1 + (idSeed % count); // order ids equal advance ids here
        uint256 proceeds = proceedsSeed % 2e12;
        uint256 owed = advance.outstanding(address(this), orderId);
        uint256 toAssignee = owed < proceeds ? owed : proceeds;
        uint256 bankBefore = token.balanceOf(AdvanceParties.BANK);
        token.mint(address(this), proceeds);
        if (toAssignee != 0) {
            token.transfer(address(advance), toAssignee);
            advance.onProceeds(orderId, IERC20(address(token)), toAssignee);
        }
        uint256 bankGot = token.balanceOf(AdvanceParties.BANK) - bankBefore;
        if (bankGot > owed || (proceeds > bankGot && bankGot < owed)) ++proceedsMisrouted;
        // The ghost counters follow the payment the handler just made to a token it wrote itself.
        // solhint-disable-next-line reentrancy
        bankRepaid += bankGot;
        // solhint-disable-next-line reentrancy
        exporterReceived += proceeds - toAssignee;
        token.transfer(AdvanceParties.EXPORTER, proceeds - toAssignee);
    }

    function markOverdue(uint256 idSeed) external {
        uint256 count = advance.advanceCount();
        if (count == 0) return;
        try advance.markOverdue(1 + (idSeed % count)) {} catch {}
    }

    function withdrawEscrow(uint256 idSeed) external {
        uint256 count = advance.advanceCount();
        if (count == 0) return;
        vm.prank(AdvanceParties.BANK);
        try advance.withdrawEscrow(1 + (idSeed % count)) {} catch {}
    }

    function warp(uint256 secondsSeed) external {
        vm.warp(block.timestamp + (secondsSeed % 12 days));
    }

    /// @dev The rule the contract must follow, restated: a milestone is reached when its status
    /// or a later one was.
    function _reachedByRule(
        bytes32 ref,
        IPreShipmentAdvance.Milestone milestone
    ) private view returns (bool) {
        if (
            _seen[ref][uint8(CustomsEventType.Departed)] ||
            _seen[ref][uint8(CustomsEventType.Arrived)] ||
            _seen[ref][uint8(CustomsEventType.Discharged)]
        ) return true;
        if (milestone == IPreShipmentAdvance.Milestone.Departed) return false;
        if (_seen[ref][uint8(CustomsEventType.Loaded)]) return true;
        if (milestone == IPreShipmentAdvance.Milestone.Loaded) return false;
        return
            _seen[ref][uint8(CustomsEventType.DeclarationAccepted)] ||
            _seen[ref][uint8(CustomsEventType.Released)] ||
            _seen[ref][uint8(CustomsEventType.GoodsExited)];
    }

    function _schedule(uint256 seed) private pure returns (IPreShipmentAdvance.Tranche[] memory t) {
        uint256 shape = (seed & 0xff) % 3;
        if (shape == 0) {
            t = new IPreShipmentAdvance.Tranche[](1);
            t[0] = IPreShipmentAdvance.Tranche(IPreShipmentAdvance.Milestone.Departed, 10_000);
        } else if (shape == 1) {
            uint16 first = uint16(1 + (((seed >> 8) & 0xffff) % 9_999));
            t = new IPreShipmentAdvance.Tranche[](2);
            t[0] = IPreShipmentAdvance.Tranche(IPreShipmentAdvance.Milestone.Loaded, first);
            t[1] = IPreShipmentAdvance.Tranche(IPreShipmentAdvance.Milestone.Departed, 10_000 - first);
        } else {
            uint16 first = uint16(1 + (((seed >> 8) & 0xffff) % 4_999));
            uint16 second = uint16(1 + (((seed >> 24) & 0xffff) % 4_999));
            t = new IPreShipmentAdvance.Tranche[](3);
            t[0] = IPreShipmentAdvance.Tranche(
                IPreShipmentAdvance.Milestone.ExportDeclarationAccepted,
                first
            );
            t[1] = IPreShipmentAdvance.Tranche(IPreShipmentAdvance.Milestone.Loaded, second);
            t[2] = IPreShipmentAdvance.Tranche(
                IPreShipmentAdvance.Milestone.Departed,
                10_000 - first - second
            );
        }
    }

    function _bl(uint256 id) private pure returns (string memory) {
        return string(abi.encodePacked("BL", bytes32(id)));
    }
}

/// @notice Invariants of pre-shipment advances under random sequences of every step: for every
/// advance escrowed = released + returned + held, with the contract holding exactly the held
/// escrow of all advances (proceeds pass straight to the bank); nothing released beyond the limit;
/// no tranche before its milestone; the assignee paid before the beneficiary and never more than
/// it was owed; no token created or lost.
contract PreShipmentAdvanceInvariantsTest {
    Vm private constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    error EscrowNotConserved(uint256 advanceId, uint256 escrowed, uint256 released, uint256 returned);
    error HeldMismatch(uint256 held, uint256 balance);
    error BeyondLimit(uint256 advanceId, uint256 released, uint256 limit);
    error RepaidBeyondReleased(uint256 advanceId, uint256 principalRepaid, uint256 released);
    error TrancheBeforeMilestone(uint256 count);
    error ProceedsMisrouted(uint256 count);
    error TokensCreatedOrLost(uint256 accounted, uint256 expected);
    error TradeStoppedAt(string step);

    uint256 private constant BANK_FUNDS = 10 ** 30;

    AdvanceWorldDouble private immutable world;
    AdvanceToken private immutable token;
    AdvanceHandler private immutable handler;

    constructor() {
        vm.warp(1_900_000_000);
        world = new AdvanceWorldDouble();
        token = new AdvanceToken();
        handler = new AdvanceHandler(world, token);
    }

    function setUp() public {
        PreShipmentAdvance advance = handler.advance();
        vm.prank(address(world)); // the registry executes governance
        advance.setProceedsPayer(IPreShipmentAdvance.SourceKind.PurchaseOrder, address(handler));
        token.mint(AdvanceParties.BANK, BANK_FUNDS);
        vm.prank(AdvanceParties.BANK);
        token.approve(address(advance), type(uint256).max);
        // The first advance, so every other step has one: USD 250,000.00 at 80 %, 30 % on the
        // export declaration, 40 % on loading, the rest on departure, 7.2 % a year.
        handler.openAdvance(25_000_000 - 1_000, 7_999, 2 + (2_999 << 8) + (3_999 << 24), 720);
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// forge-config: default.invariant.runs = 48
    /// forge-config: default.invariant.depth = 40
    function invariant_advancesKeepTheirBooks() public view {
        _check();
    }

    /// @notice A whole advance: tranches on their milestones, proceeds repay the bank first, the
    /// rest of the escrow returns: the anchor that shows random runs can reach repayment at all.
    function test_aWholeAdvanceBalances() public {
        PreShipmentAdvance advance = handler.advance();
        handler.claim(0, 0); // advance 1, before any milestone: refused
        if (advance.advance(1).released != 0) revert TradeStoppedAt("claim before milestone");
        handler.reach(0, 0); // declaration accepted
        handler.claim(0, 0);
        handler.reach(0, 2); // loaded
        handler.claim(0, 1);
        if (advance.advance(1).released != 14_000_000) revert TradeStoppedAt("claim");
        handler.warp(10 days);
        handler.pay(0, 25_000_000);
        if (advance.advance(1).status != IPreShipmentAdvance.AdvanceStatus.Repaid)
            revert TradeStoppedAt("repay");
        handler.withdrawEscrow(0);
        if (token.balanceOf(address(advance)) != 0) revert TradeStoppedAt("withdraw");
        _check();
    }

    function _check() private view {
        PreShipmentAdvance advance = handler.advance();
        uint256 count = advance.advanceCount();
        uint256 held;
        for (uint256 id = 1; id <= count; ++id) {
            IPreShipmentAdvance.Advance memory a = advance.advance(id);
            if (a.released + a.returned > a.escrowed) {
                revert EscrowNotConserved(id, a.escrowed, a.released, a.returned);
            }
            held += a.escrowed - a.released - a.returned;
            if (a.released > a.limit || a.escrowed > a.limit) revert BeyondLimit(id, a.released, a.limit);
            if (a.principalRepaid > a.released)
                revert RepaidBeyondReleased(id, a.principalRepaid, a.released);
        }
        uint256 balance = token.balanceOf(address(advance));
        if (held != balance) revert HeldMismatch(held, balance);
        if (handler.releasedBeforeMilestone() != 0)
            revert TrancheBeforeMilestone(handler.releasedBeforeMilestone());
        if (handler.proceedsMisrouted() != 0) revert ProceedsMisrouted(handler.proceedsMisrouted());
        // The bank's money: what it escrowed less what came back as returned escrow, plus repayment.
        uint256 bank = token.balanceOf(AdvanceParties.BANK);
        uint256 exporter = token.balanceOf(AdvanceParties.EXPORTER);
        if (
            bank + exporter + balance !=
            BANK_FUNDS + handler.bankRepaid() + handler.exporterReceived() - _released(advance, count)
        ) {
            revert TokensCreatedOrLost(bank + exporter + balance, BANK_FUNDS);
        }
    }

    function _released(PreShipmentAdvance advance, uint256 count) private view returns (uint256 sum) {
        for (uint256 id = 1; id <= count; ++id) sum += advance.advance(id).released;
    }
}
