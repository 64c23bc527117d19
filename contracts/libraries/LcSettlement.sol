// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IBillOfLadingTitle} from "../interfaces/IBillOfLadingTitle.sol";
import {IDepositToken} from "../interfaces/IDepositToken.sol";
import {ILetterOfCredit} from "../interfaces/ILetterOfCredit.sol";
import {IPayableVoucher} from "../interfaces/IPayableVoucher.sol";
import {IProceedsAssignee} from "../interfaces/IProceedsAssignee.sol";
import {LcState} from "../types/LcState.sol";
import {LcTransitions} from "./LcTransitions.sol";

/// @title LcSettlement
/// @notice How a settled drawing reaches the beneficiary: in money now (sight payment), or as the
/// honouring bank's deferred payment undertaking, a voucher maturing N days after the bill's
/// shipped-on-board date (UCP 600 art. 7a iv, 12b); and, where the beneficiary assigned the
/// proceeds (art. 39), the assignee paid first. Split from `LetterOfCredit` so the contract stays
/// under the EIP-170 size limit.
/// @dev Called by `LetterOfCredit` after the settlement was recorded (checks and effects done),
/// inside its `nonReentrant` `settle`; everything here is events, then interactions.
///
/// Why the escrow funds the payable at honour rather than the bank at maturity: under art. 7 the
/// issuing bank's undertaking under a deferred-payment credit is to pay at maturity, and here that
/// undertaking is backed by the applicant's escrow from issuance. Moving the escrowed money into
/// the payable when the drawing is settled keeps it backed to maturity (nothing can be released
/// from escrow in between), lets any holder of the voucher be paid without the bank acting, and
/// lets the beneficiary discount the voucher at any bank before maturity (art. 12b). The bank's
/// name stands on the voucher as obligor, as on its undertaking, and it consents to that by
/// authorising this contract in the voucher contract (`authoriseProduct`).
library LcSettlement {
    using SafeERC20 for IERC20;
    using LcTransitions for LcState;

    /// @notice What a settled drawing pays, as recorded.
    struct Payment {
        uint256 presentationId;
        uint256 creditAmount;
        uint256 tokenAmount;
        uint256 refund; //    returned to the issuing bank (the credit closed)
        bool closed;
    }

    /// @notice Pay settled drawing `pay` of credit `lcId`: to the assignee first, then the
    /// beneficiary, in money or in a voucher; then the refund to the issuing bank.
    function pay(
        LcState storage self,
        uint256 lcId,
        Payment memory pay_,
        ILetterOfCredit.Finance storage fin,
        IBillOfLadingTitle bills
    ) external {
        address beneficiary = self.core.beneficiary;
        emit ILetterOfCredit.DrawingSettled(
            lcId,
            pay_.presentationId,
            beneficiary,
            pay_.creditAmount,
            pay_.tokenAmount
        );
        if (pay_.closed) emit ILetterOfCredit.CreditClosed(lcId, pay_.refund);
        uint256 maturity = maturityOf(self, pay_.presentationId, bills);
        if (maturity > block.timestamp) {
            _payDeferred(self, lcId, pay_, fin.vouchers, maturity);
        } else {
            _payNow(self, lcId, pay_);
        }
        if (pay_.refund != 0) self.settlementToken.safeTransfer(self.issuingBank, pay_.refund);
    }

    /// @notice The beneficiary's assignment of the proceeds of credit `lcId` to the assignee
    /// governance named (art. 39); irrevocable. The contract checked status and caller.
    function assign(LcState storage self, uint256 lcId, ILetterOfCredit.Finance storage fin) external {
        address assignee = address(fin.proceedsAssignee);
        if (assignee == address(0)) revert ILetterOfCredit.LetterOfCreditNoProceedsAssignee(lcId);
        address current = self.proceedsAssignee;
        if (current != address(0))
            revert ILetterOfCredit.LetterOfCreditProceedsAlreadyAssigned(lcId, current);
        self.proceedsAssignee = assignee;
        emit ILetterOfCredit.ProceedsAssigned(lcId, self.core.beneficiary, assignee);
    }

    /// @notice Approve (or withdraw) `feed` for the conversions settlement makes, storing its
    /// configuration in `config`. The contract checked that governance calls. `minAnswer` must be
    /// positive: a rate of zero or below is never a rate.
    /// @dev Here rather than in `LetterOfCredit` only to keep the contract under EIP-170.
    function configureFxFeed(
        ILetterOfCredit.FxFeedConfig storage config,
        AggregatorV3Interface feed,
        bool approved,
        uint32 heartbeat,
        int256 minAnswer,
        int256 maxAnswer
    ) external {
        if (address(feed) == address(0))
            revert ILetterOfCredit.LetterOfCreditInvalidFxFeedConfig(address(feed));
        if (approved && (heartbeat == 0 || minAnswer <= 0 || maxAnswer < minAnswer)) {
            revert ILetterOfCredit.LetterOfCreditInvalidFxFeedConfig(address(feed));
        }
        config.approved = approved;
        config.decimals = approved ? feed.decimals() : 0;
        config.heartbeat = heartbeat;
        config.minAnswer = minAnswer;
        config.maxAnswer = maxAnswer;
        emit ILetterOfCredit.FxFeedConfigured(address(feed), approved, heartbeat, minAnswer, maxAnswer);
    }

    /// @notice Store the contracts of the credits' open-account finance governance named (the
    /// contract checked that governance calls).
    function configureFinance(
        ILetterOfCredit.Finance storage current,
        ILetterOfCredit.Finance calldata named
    ) external {
        current.vouchers = named.vouchers;
        current.proceedsAssignee = named.proceedsAssignee;
        current.documents = named.documents;
        emit ILetterOfCredit.FinanceConfigured(
            address(named.vouchers),
            address(named.proceedsAssignee),
            address(named.documents)
        );
    }

    /// @notice When drawing `presentationId` of a deferred-payment credit falls due: `deferredDays`
    /// calendar days after the bill of lading's shipped-on-board date (its date of issuance under
    /// art. 20a ii), or after presentation where the bill states none (a waived discrepancy).
    /// 0 for a sight credit.
    /// @dev Calendar days, not banking days: art. 29a extends the expiry and the last day for
    /// presentation, never a maturity; the voucher is redeemable from maturity on, so a maturity
    /// on a day a bank is closed only means it is paid when its holder next acts (or the sweep).
    function maturityOf(
        LcState storage self,
        uint256 presentationId,
        IBillOfLadingTitle bills
    ) internal view returns (uint256) {
        uint256 days_ = self.deferredDays;
        if (days_ == 0) return 0;
        ILetterOfCredit.PresentationRecord storage p = self.presentations[presentationId];
        uint256 from = bills.billFacts(p.billId).shippedOnBoardAt;
        if (from == 0) from = p.presentedAt;
        return from + days_ * 1 days;
    }

    /// @dev Sight payment (or a deferred payment already due): the assignee is paid
    /// `min(outstanding, proceeds)` and told, then the beneficiary the rest.
    function _payNow(LcState storage self, uint256 lcId, Payment memory pay_) private {
        IERC20 token = self.settlementToken;
        uint256 amount = pay_.tokenAmount;
        IProceedsAssignee assignee = IProceedsAssignee(self.proceedsAssignee);
        uint256 share;
        if (address(assignee) != address(0)) {
            share = _min(assignee.outstanding(address(this), lcId), amount);
            if (share != 0) {
                emit ILetterOfCredit.ProceedsPaidToAssignee(
                    lcId,
                    pay_.presentationId,
                    address(assignee),
                    share,
                    0
                );
                token.safeTransfer(address(assignee), share);
                assignee.onProceeds(lcId, token, share);
            }
        }
        if (amount != share) token.safeTransfer(self.core.beneficiary, amount - share);
    }

    /// @dev Deferred payment: the escrow funds a payable of the honouring bank (the confirming
    /// bank if it confirmed, else the issuing bank: art. 7, 8) maturing at `maturity`; the
    /// assignee's share, what it will be owed at maturity, is carved out as its own voucher.
    function _payDeferred(
        LcState storage self,
        uint256 lcId,
        Payment memory pay_,
        IPayableVoucher vouchers,
        uint256 maturity
    ) private {
        if (address(vouchers) == address(0)) revert ILetterOfCredit.LetterOfCreditNoVoucherContract(lcId);
        IPayableVoucher.Issuance memory issuance = _issuance(self, lcId, pay_.tokenAmount, maturity);
        IERC20(address(issuance.token)).forceApprove(address(vouchers), issuance.amount);
        (uint256 payableId, uint256 voucherId, uint256 shareVoucherId) = vouchers.issueFunded(issuance);
        // Written after the call because the voucher contract numbers the voucher; the call is to
        // the contract governance named, inside `settle`'s reentrancy guard.
        self.deferredVouchers[pay_.presentationId] = voucherId;
        emit ILetterOfCredit.DeferredPaymentIncurred(
            lcId,
            pay_.presentationId,
            issuance.obligor,
            payableId,
            voucherId,
            issuance.amount,
            maturity
        );
        uint256 share = issuance.assigneeValue;
        if (share != 0) {
            emit ILetterOfCredit.ProceedsPaidToAssignee(
                lcId,
                pay_.presentationId,
                issuance.assignee,
                share,
                shareVoucherId
            );
            IProceedsAssignee(issuance.assignee).onVoucher(lcId, address(vouchers), shareVoucherId, share);
        }
    }

    /// @dev The payable drawing `amount` of credit `lcId` becomes: the honouring bank's (the
    /// confirming bank if it confirmed, else the issuing bank: art. 7, 8), due at `maturity`, the
    /// assignee's share (what it will be owed at maturity, at most `amount`) carved out.
    function _issuance(
        LcState storage self,
        uint256 lcId,
        uint256 amount,
        uint256 maturity
    ) private view returns (IPayableVoucher.Issuance memory issuance) {
        issuance.obligor = self.isConfirmed() ? self.confirmingBank : self.issuingBank;
        issuance.supplier = self.core.beneficiary;
        issuance.amount = amount;
        issuance.token = IDepositToken(address(self.settlementToken));
        issuance.maturity = SafeCast.toUint48(maturity);
        address assignee = self.proceedsAssignee;
        if (assignee != address(0)) {
            issuance.assignee = assignee;
            issuance.assigneeValue = _min(
                IProceedsAssignee(assignee).outstandingAt(address(this), lcId, issuance.maturity),
                amount
            );
        }
    }

    function _min(uint256 a, uint256 b) private pure returns (uint256) {
        return a < b ? a : b;
    }
}
