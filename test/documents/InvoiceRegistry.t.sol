// SPDX-License-Identifier: Apache-2.0
// Test code keeps the forge-std names (`vm`, `Vm`) and plain names for test fixtures.
/* solhint-disable private-vars-leading-underscore, const-name-snakecase, interface-starts-with-i, one-contract-per-file */
pragma solidity 0.8.30;

import {ConsortiumRoles} from "../../contracts/consortium/ConsortiumRoles.sol";
import {InvoiceRegistry} from "../../contracts/documents/InvoiceRegistry.sol";
import {IConsortiumRegistry} from "../../contracts/interfaces/IConsortiumRegistry.sol";
import {IInvoiceRegistry} from "../../contracts/interfaces/IInvoiceRegistry.sol";
import {DocumentsTestBase, TestConsortium, Vm} from "./DocumentsTestBase.sol";

/// @notice Drives the invoice registry the way a crowd of sellers and banks might: genuine
/// invoices, altered copies of them (another exact fingerprint, the same identity fingerprint),
/// copies registered under made-up fingerprints, the same invoice registered by several sellers
/// (a front-runner's copy, or the seller's second account), financings by several banks of any
/// seller's registration, cancellations, repayments, suspensions. Every call is made as a member; refusals are expected and ignored.
/// Counts each successful financing against the genuine invoice it was for.
contract InvoiceFinancingHandler {
    Vm private constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @notice Genuine invoices, and versions of each (0: as issued; 1..: altered copies).
    uint256 public constant INVOICES = 4;
    uint256 public constant VERSIONS = 3;

    InvoiceRegistry public immutable invoices;
    TestConsortium public immutable consortium;
    address[] private _sellers;
    address[] private _banks;

    /// @notice Successful financings of each genuine invoice, under any of its versions.
    uint256[INVOICES] public financings;
    /// @notice Successful calls of each kind (register, finance, cancel, repay).
    uint256[4] public successes;

    constructor(
        InvoiceRegistry invoices_,
        TestConsortium consortium_,
        address[] memory sellers,
        address[] memory banks
    ) {
        invoices = invoices_;
        consortium = consortium_;
        _sellers = sellers;
        _banks = banks;
    }

    /// @notice The fingerprints of version `version` of genuine invoice `invoice`: every version
    /// shares the identity fingerprint, each has its own exact fingerprint.
    function fingerprintsOf(
        uint256 invoice,
        uint256 version
    ) public pure returns (IInvoiceRegistry.Fingerprints memory) {
        return
            IInvoiceRegistry.Fingerprints({
                exact: keccak256(abi.encode("exact", invoice, version)),
                identity: keccak256(abi.encode("identity", invoice))
            });
    }

    /// @notice A seller registers a version of an invoice, under its true fingerprints or made-up ones.
    function register(uint256 invoiceSeed, uint256 versionSeed, uint256 sellerSeed, bool madeUp) external {
        IInvoiceRegistry.Fingerprints memory fps =
            madeUp
                ? IInvoiceRegistry.Fingerprints({
                    exact: keccak256(abi.encode("made-up exact", invoiceSeed)),
                    identity: keccak256(abi.encode("made-up identity", invoiceSeed))
                })
                : fingerprintsOf(invoiceSeed % INVOICES, versionSeed % VERSIONS);
        vm.prank(_sellers[sellerSeed % _sellers.length]);
        try invoices.register(fps) {
            ++successes[0];
        } catch {}
    }

    /// @notice A bank finances a seller's version of a genuine invoice, presenting the fingerprints
    /// it computed from the document it was shown.
    function finance(
        uint256 invoiceSeed,
        uint256 versionSeed,
        uint256 bankSeed,
        uint256 sellerSeed
    ) external {
        uint256 invoice = invoiceSeed % INVOICES;
        address seller = _sellers[sellerSeed % _sellers.length];
        vm.prank(_banks[bankSeed % _banks.length]);
        try invoices.finance(seller, fingerprintsOf(invoice, versionSeed % VERSIONS)) {
            ++financings[invoice];
            ++successes[1];
        } catch {}
    }

    /// @notice A bank finances two sellers' versions of two invoices (possibly the same one) in
    /// one `financeBatch`: all or nothing.
    function financeBatch(
        uint256[2] calldata invoiceSeeds,
        uint256[2] calldata versionSeeds,
        uint256[2] calldata sellerSeeds,
        uint256 bankSeed
    ) external {
        IInvoiceRegistry.Financing[] memory batch = new IInvoiceRegistry.Financing[](2);
        for (uint256 i = 0; i < 2; ++i) {
            batch[i] = IInvoiceRegistry.Financing({
                seller: _sellers[sellerSeeds[i] % _sellers.length],
                fingerprints: fingerprintsOf(invoiceSeeds[i] % INVOICES, versionSeeds[i] % VERSIONS)
            });
        }
        vm.prank(_banks[bankSeed % _banks.length]);
        try invoices.financeBatch(batch) {
            for (uint256 i = 0; i < 2; ++i) ++financings[invoiceSeeds[i] % INVOICES];
            ++successes[1];
        } catch {}
    }

    /// @notice A seller cancels a version of an invoice.
    function cancel(uint256 invoiceSeed, uint256 versionSeed, uint256 sellerSeed) external {
        address seller = _sellers[sellerSeed % _sellers.length];
        vm.prank(seller);
        try invoices.cancel(fingerprintsOf(invoiceSeed % INVOICES, versionSeed % VERSIONS).identity) {
            ++successes[2];
        } catch {}
    }

    /// @notice A bank records the repayment of a seller's version of an invoice.
    function markRepaid(
        uint256 invoiceSeed,
        uint256 versionSeed,
        uint256 bankSeed,
        uint256 sellerSeed
    ) external {
        bytes32 invoiceId = invoices.invoiceIdOf(
            _sellers[sellerSeed % _sellers.length],
            fingerprintsOf(invoiceSeed % INVOICES, versionSeed % VERSIONS).identity
        );
        vm.prank(_banks[bankSeed % _banks.length]);
        try invoices.markRepaid(invoiceId) {
            ++successes[3];
        } catch {}
    }

    /// @notice An administrator suspends or reinstates one of the sellers or banks.
    function toggleSuspension(uint256 memberSeed) external {
        uint256 index = memberSeed % (_sellers.length + _banks.length);
        address account = index < _sellers.length ? _sellers[index] : _banks[index - _sellers.length];
        consortium.setSuspended(account, consortium.isActiveMember(account));
    }
}

/// @notice An invoice is financed at most once, whatever the sequence of registrations,
/// financings, cancellations, repayments and suspensions, across several sellers, banks,
/// versions and fingerprints.
contract InvoiceRegistryInvariantTest is DocumentsTestBase {
    error InvoiceFinancedTwice(uint256 invoice, uint256 financings);
    error FinancingNotRecorded(uint256 invoice, IInvoiceRegistry.InvoiceStatus status);

    InvoiceRegistry internal invoices;
    InvoiceFinancingHandler internal handler;

    function setUp() public {
        _deployConsortium();
        invoices = new InvoiceRegistry(IConsortiumRegistry(address(consortium)));
        address[] memory sellers = new address[](2);
        sellers[0] = address(0x5E11E41);
        sellers[1] = address(0x5E11E42);
        address[] memory banks = new address[](3);
        banks[0] = address(0xBA41);
        banks[1] = address(0xBA42);
        banks[2] = address(0xBA43);
        for (uint256 i = 0; i < sellers.length; ++i) _onboard(sellers[i], ConsortiumRoles.EXPORTER);
        for (uint256 i = 0; i < banks.length; ++i) _onboard(banks[i], ConsortiumRoles.BANK);
        handler = new InvoiceFinancingHandler(invoices, consortium, sellers, banks);
    }

    /// @notice The invariant run calls only the handler.
    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// forge-config: default.invariant.runs = 64
    /// forge-config: default.invariant.depth = 48
    function invariant_anInvoiceIsFinancedAtMostOnce() public view {
        _assertFinancedAtMostOnce();
    }

    /// @notice The same property over explicit sequences: each word of `operations` picks an
    /// action, an invoice, a version and an actor.
    function testFuzz_anInvoiceIsFinancedAtMostOnceWhateverTheSequence(
        uint256[48] calldata operations
    ) public {
        for (uint256 i = 0; i < operations.length; ++i) {
            uint256 op = operations[i];
            uint256 invoice = op >> 8;
            uint256 version = op >> 16;
            uint256 actor = op >> 24;
            uint256 seller = op >> 40;
            uint256 action = op % 7;
            if (action == 0) handler.register(invoice, version, actor, false);
            else if (action == 1) handler.register(invoice, version, actor, true);
            else if (action == 2) handler.finance(invoice, version, actor, seller);
            else if (action == 3) handler.cancel(invoice, version, actor);
            else if (action == 4) handler.markRepaid(invoice, version, actor, seller);
            else if (action == 5)
                handler.financeBatch([invoice, op >> 48], [version, op >> 56], [seller, op >> 64], actor);
            else if ((op >> 32) % 4 == 0) handler.toggleSuspension(actor); // rarely: suspensions stop everything
            _assertFinancedAtMostOnce();
        }
    }

    /// @notice A fixed sequence that finances an invoice and then tries every way to finance it
    /// again: the fuzzed property is not vacuous.
    function testSecondFinancingIsRefusedUnderEveryVersionBankAndSeller() public {
        handler.register(0, 0, 0, false);
        handler.finance(0, 0, 0, 0);
        for (uint256 bank = 0; bank < 3; ++bank) {
            for (uint256 version = 0; version < handler.VERSIONS(); ++version) {
                handler.register(0, version, bank, false);
                handler.register(version, version, bank, true);
                for (uint256 seller = 0; seller < 2; ++seller) handler.finance(0, version, bank, seller);
            }
        }
        handler.markRepaid(0, 0, 0, 0);
        handler.finance(0, 0, 1, 0);
        handler.finance(0, 0, 1, 1);
        // Seller 0: the genuine invoice, then 3 made-up ones; seller 1 (bank index 1 registers as
        // it): its own copy of the genuine invoice, version 0, and 3 made-up ones. Seller 1's copy
        // is registered but can never be financed: its fingerprints were financed under seller 0.
        if (handler.successes(0) != 8) revert InvoiceFinancedTwice(0, handler.successes(0));
        if (handler.financings(0) != 1) revert InvoiceFinancedTwice(0, handler.financings(0));
        _assertFinancedAtMostOnce();
    }

    /// @notice A batch holding one invoice financed already is refused whole: the other invoice in
    /// it stays unfinanced; so is a batch presenting the same invoice twice; a clean batch passes.
    function testFinanceBatchIsAllOrNothing() public {
        handler.register(0, 0, 0, false);
        handler.register(1, 0, 0, false);
        handler.register(2, 0, 1, false);
        handler.finance(0, 0, 0, 0);
        handler.financeBatch([uint256(1), 0], [uint256(0), 0], [uint256(0), 0], 1);
        if (handler.financings(1) != 0) revert InvoiceFinancedTwice(1, handler.financings(1));
        handler.financeBatch([uint256(1), 1], [uint256(0), 0], [uint256(0), 0], 1);
        if (handler.financings(1) != 0) revert InvoiceFinancedTwice(1, handler.financings(1));
        _assertFinancedAtMostOnce();
        handler.financeBatch([uint256(1), 2], [uint256(0), 0], [uint256(0), 1], 2);
        if (handler.financings(1) != 1) revert FinancingNotRecorded(1, IInvoiceRegistry.InvoiceStatus.None);
        if (handler.financings(2) != 1) revert FinancingNotRecorded(2, IInvoiceRegistry.InvoiceStatus.None);
        _assertFinancedAtMostOnce();
    }

    function _assertFinancedAtMostOnce() internal view {
        for (uint256 invoice = 0; invoice < handler.INVOICES(); ++invoice) {
            uint256 financings = handler.financings(invoice);
            if (financings > 1) revert InvoiceFinancedTwice(invoice, financings);
            (, IInvoiceRegistry.InvoiceStatus status) = invoices.financedInvoiceOf(
                handler.fingerprintsOf(invoice, 0).identity
            );
            bool financedOnChain =
                status == IInvoiceRegistry.InvoiceStatus.Financed ||
                    status == IInvoiceRegistry.InvoiceStatus.Repaid;
            if ((financings == 1) != financedOnChain) revert FinancingNotRecorded(invoice, status);
        }
    }
}
