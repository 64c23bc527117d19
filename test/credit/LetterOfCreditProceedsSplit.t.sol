// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;
/* solhint-disable const-name-snakecase */

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";
import {LetterOfCredit} from "../../contracts/credit/LetterOfCredit.sol";
import {IDocumentFinancing} from "../../contracts/interfaces/IDocumentFinancing.sol";
import {ILetterOfCredit} from "../../contracts/interfaces/ILetterOfCredit.sol";
import {IPayableVoucher} from "../../contracts/interfaces/IPayableVoucher.sol";
import {IProceedsAssignee} from "../../contracts/interfaces/IProceedsAssignee.sol";
import {ProceedsAssigneeDouble} from "../../contracts/test/ProceedsAssigneeDouble.sol";
import {BareToken, Parties, TradeWorldDouble, Vm} from "./LetterOfCreditEscrow.t.sol";

/// @title Assignment of proceeds: the settlement's split, fuzzed
/// @notice For any credit amount, drawing and debt of the assignee (UCP 600 art. 39): the settlement
/// pays the assignee `min(owed, proceeds)` and the beneficiary the rest, so what the credit paid is
/// exactly what the two received, and the assignee never receives more than it said it was owed.
contract LetterOfCreditProceedsSplitTest {
    Vm private constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    error SplitBroken(uint256 paid, uint256 toAssignee, uint256 toBeneficiary, uint256 owed);

    LetterOfCredit private immutable lc;
    TradeWorldDouble private immutable world;
    BareToken private immutable token;
    ProceedsAssigneeDouble private immutable assignee;

    constructor() {
        vm.warp(1_900_000_000);
        world = new TradeWorldDouble();
        lc = new LetterOfCredit(world, world, world, world, world);
        token = new BareToken();
        assignee = new ProceedsAssigneeDouble();
    }

    function setUp() public {
        token.mint(Parties.ISSUING_BANK, 10 ** 30);
        vm.prank(Parties.ISSUING_BANK);
        token.approve(address(lc), type(uint256).max);
        vm.prank(address(world)); // the registry: governance
        lc.configureFinance(
            ILetterOfCredit.Finance({
                vouchers: IPayableVoucher(address(0)),
                proceedsAssignee: IProceedsAssignee(address(assignee)),
                documents: IDocumentFinancing(address(0))
            })
        );
    }

    /// forge-config: default.fuzz.runs = 256
    function testFuzz_theAssigneeIsPaidFirstAndNeverMoreThanOwed(
        uint128 amountSeed,
        uint128 drawingSeed,
        uint256 owedSeed
    ) public {
        uint128 amount = uint128(1 + (amountSeed % 10 ** 15));
        uint128 drawing = uint128(1 + (drawingSeed % amount));
        uint256 owed = owedSeed % (2 * uint256(amount) + 1); // below, at and above the proceeds
        uint256 lcId = _honouredDrawing(amount, drawing);
        vm.prank(Parties.BENEFICIARY);
        lc.assignProceeds(lcId);
        assignee.setDebt(address(lc), lcId, owed, 0);
        world.setHolder(Parties.ISSUING_BANK);

        uint256 beneficiaryBefore = token.balanceOf(Parties.BENEFICIARY);
        lc.settle(lcId);
        uint256 paid = lc.presentation(lcId, 0).paid;
        uint256 toAssignee = token.balanceOf(address(assignee));
        uint256 toBeneficiary = token.balanceOf(Parties.BENEFICIARY) - beneficiaryBefore;
        if (
            paid != drawing ||
            toAssignee + toBeneficiary != paid ||
            toAssignee > owed ||
            toAssignee != (owed < paid ? owed : paid) ||
            assignee.receivedMoney(address(lc), lcId) != toAssignee
        ) {
            revert SplitBroken(paid, toAssignee, toBeneficiary, owed);
        }
    }

    /// @dev A credit of `amount` (partial drawings allowed) with a complying drawing of `drawing`
    /// honoured by the advising bank.
    function _honouredDrawing(uint128 amount, uint128 drawing) private returns (uint256 lcId) {
        ILetterOfCredit.Terms memory t;
        t.beneficiary = Parties.BENEFICIARY;
        t.issuingBank = Parties.ISSUING_BANK;
        t.advisingBank = Parties.ADVISING_BANK;
        t.settlementToken = IERC20(address(token));
        t.fxFeed = AggregatorV3Interface(address(0));
        t.currency = "USD";
        t.amount = amount;
        t.partialDrawingsAllowed = true;
        t.expiresAt = uint48(block.timestamp + 60 days);
        t.placeOfExpiry = "GBLON";
        t.latestShipmentAt = uint48(block.timestamp + 30 days);
        t.portOfLoading = "GBFXT";
        t.portOfDischarge = "CNSHA";
        t.countryOfOrigin = "GB";
        t.incoterm = "CIF";
        t.requiredDocuments = 0x07;
        vm.prank(Parties.APPLICANT);
        lcId = lc.applyForCredit(t);
        uint256 required = lc.requiredEscrow(lcId);
        vm.prank(Parties.ISSUING_BANK);
        lc.issue(lcId, required);
        vm.prank(Parties.ADVISING_BANK);
        lc.advise(lcId);
        world.setBill(Parties.ADVISING_BANK, uint48(block.timestamp - 1 days));
        ILetterOfCredit.Documents memory d;
        d.presentedTo = Parties.ADVISING_BANK;
        d.amount = drawing;
        d.billId = Parties.BILL_ID;
        d.certificateId = Parties.CERTIFICATE_ID;
        d.certificateHash = Parties.CERTIFICATE_HASH;
        d.invoiceHash = keccak256("invoice");
        vm.prank(Parties.BENEFICIARY);
        lc.present(lcId, d);
        vm.startPrank(Parties.ADVISING_BANK);
        lc.examine(lcId);
        lc.honour(lcId);
        vm.stopPrank();
    }
}
