// SPDX-License-Identifier: Apache-2.0
// Test code keeps the forge-std names (`vm`, `Vm`) and plain names for test fixtures.
/* solhint-disable private-vars-leading-underscore, const-name-snakecase, interface-starts-with-i, one-contract-per-file */
pragma solidity 0.8.30;

import {DocumentFinancingRegistry} from "../../contracts/finance/DocumentFinancingRegistry.sol";
import {IConsortiumRegistry} from "../../contracts/interfaces/IConsortiumRegistry.sol";
import {IDocumentFinancing} from "../../contracts/interfaces/IDocumentFinancing.sol";
import {DocumentsTestBase, TestConsortium, Vm} from "../documents/DocumentsTestBase.sol";

/// @notice Drives the guard the way three products might: each claims documents (an exact and
/// a fuzzy fingerprint, the exact one of any version of the document, so altered copies too) for
/// facilities of its own, releases them, and governance names and removes products meanwhile.
/// Every call is made as the product; refusals are expected and ignored. Counts the facilities
/// each document backs.
contract DocumentFinancingHandler {
    Vm private constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @notice Documents of each kind, and versions of each (altered copies: another exact
    /// fingerprint, the same fuzzy one).
    uint256 public constant DOCUMENTS = 4;
    uint256 public constant VERSIONS = 3;
    uint256 public constant FACILITIES = 3;

    DocumentFinancingRegistry public immutable guard;
    TestConsortium public immutable consortium;
    address[] private _products;

    /// @notice How many facilities hold document `document` of kind `kind` now.
    mapping(uint256 kind => mapping(uint256 document => uint256)) public backing;
    /// @notice The product and facility holding it, per the calls that succeeded.
    mapping(uint256 kind => mapping(uint256 document => IDocumentFinancing.Facility)) private _holder;
    /// @notice Successful claims and releases.
    uint256 public claims;
    uint256 public releases;

    constructor(DocumentFinancingRegistry guard_, TestConsortium consortium_, address[] memory products) {
        guard = guard_;
        consortium = consortium_;
        _products = products;
    }

    /// @notice Version `version` of document `document`'s fingerprints: [exact, fuzzy].
    function fingerprintsOf(uint256 document, uint256 version) public pure returns (bytes32[] memory fps) {
        fps = new bytes32[](2);
        fps[0] = keccak256(abi.encode("exact", document, version));
        fps[1] = keccak256(abi.encode("fuzzy", document));
    }

    function holder(
        uint256 kind,
        uint256 document
    ) external view returns (IDocumentFinancing.Facility memory) {
        return _holder[kind][document];
    }

    /// @notice A product claims a version of a document for one of its facilities.
    function claim(
        uint256 kindSeed,
        uint256 documentSeed,
        uint256 versionSeed,
        uint256 productSeed,
        uint256 facilitySeed
    ) external {
        uint256 kind = kindSeed % 3;
        uint256 document = documentSeed % DOCUMENTS;
        address product = _products[productSeed % _products.length];
        uint256 facilityId = facilitySeed % FACILITIES;
        vm.prank(product);
        try
            guard.claim(
                IDocumentFinancing.DocumentKind(kind),
                fingerprintsOf(document, versionSeed % VERSIONS),
                facilityId
            )
        {
            ++claims;
            ++backing[kind][document];
            _holder[kind][document] = IDocumentFinancing.Facility(product, facilityId);
        } catch {}
    }

    /// @notice A product releases a version of a document from one of its facilities.
    function release(
        uint256 kindSeed,
        uint256 documentSeed,
        uint256 versionSeed,
        uint256 productSeed,
        uint256 facilitySeed
    ) external {
        uint256 kind = kindSeed % 3;
        uint256 document = documentSeed % DOCUMENTS;
        vm.prank(_products[productSeed % _products.length]);
        try
            guard.release(
                IDocumentFinancing.DocumentKind(kind),
                fingerprintsOf(document, versionSeed % VERSIONS),
                facilitySeed % FACILITIES
            )
        {
            ++releases;
            --backing[kind][document];
            delete _holder[kind][document];
        } catch {}
    }

    /// @notice Governance names or removes a product.
    function toggleProduct(uint256 productSeed) external {
        address product = _products[productSeed % _products.length];
        bool named = guard.isProduct(product);
        vm.prank(address(consortium));
        guard.setProduct(product, !named);
    }
}

/// @notice One document backs at most one facility across every product, whatever the sequence
/// of claims, releases and namings by three products, over every kind, document and version.
contract DocumentFinancingInvariantTest is DocumentsTestBase {
    error DocumentBacksTwoFacilities(uint256 kind, uint256 document, uint256 facilities);
    error HolderNotRecorded(uint256 kind, uint256 document, address product, uint256 facilityId);

    DocumentFinancingRegistry internal guard;
    DocumentFinancingHandler internal handler;

    function setUp() public {
        _deployConsortium();
        guard = new DocumentFinancingRegistry(IConsortiumRegistry(address(consortium)));
        address[] memory products = new address[](3);
        products[0] = address(0xAD7A);
        products[1] = address(0xC0417);
        products[2] = address(0x1C0);
        handler = new DocumentFinancingHandler(guard, consortium, products);
        for (uint256 i = 0; i < products.length; ++i) {
            vm.prank(address(consortium));
            guard.setProduct(products[i], true);
        }
    }

    /// @notice The invariant run calls only the handler.
    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// forge-config: default.invariant.runs = 64
    /// forge-config: default.invariant.depth = 48
    function invariant_aDocumentBacksAtMostOneFacility() public view {
        _assertOneFacilityPerDocument();
    }

    /// @notice The same property over explicit sequences: each word of `operations` picks an
    /// action, a kind, a document, a version, a product and a facility.
    function testFuzz_aDocumentBacksAtMostOneFacilityWhateverTheSequence(
        uint256[48] calldata operations
    ) public {
        for (uint256 i = 0; i < operations.length; ++i) {
            uint256 op = operations[i];
            uint256 action = op % 8;
            if (action < 4) handler.claim(op >> 8, op >> 16, op >> 24, op >> 32, op >> 40);
            else if (action < 7) handler.release(op >> 8, op >> 16, op >> 24, op >> 32, op >> 40);
            else handler.toggleProduct(op >> 32);
            _assertOneFacilityPerDocument();
        }
    }

    /// @notice A fixed sequence: a document claimed once is refused to every other product,
    /// facility and version until its holder releases it, then another may claim it. The fuzzed
    /// property is not vacuous.
    function testASecondClaimIsRefusedUntilTheHolderReleases() public {
        handler.claim(1, 0, 0, 0, 0);
        for (uint256 product = 0; product < 3; ++product) {
            for (uint256 version = 0; version < handler.VERSIONS(); ++version) {
                for (uint256 facility = 0; facility < handler.FACILITIES(); ++facility) {
                    handler.claim(1, 0, version, product, facility);
                }
            }
        }
        // Another kind with the same fingerprints is another document.
        handler.claim(2, 0, 0, 1, 0);
        if (handler.claims() != 2) revert DocumentBacksTwoFacilities(1, 0, handler.claims());
        // Only the holder's facility releases.
        handler.release(1, 0, 0, 1, 0);
        handler.release(1, 0, 0, 0, 1);
        handler.release(1, 0, 1, 0, 0);
        if (handler.releases() != 0) revert DocumentBacksTwoFacilities(1, 0, handler.releases());
        handler.release(1, 0, 0, 0, 0);
        handler.claim(1, 0, 2, 2, 1);
        if (handler.claims() != 3 || handler.releases() != 1) {
            revert DocumentBacksTwoFacilities(1, 0, handler.claims());
        }
        _assertOneFacilityPerDocument();
    }

    function _assertOneFacilityPerDocument() internal view {
        for (uint256 kind = 0; kind < 3; ++kind) {
            for (uint256 document = 0; document < handler.DOCUMENTS(); ++document) {
                uint256 facilities = handler.backing(kind, document);
                if (facilities > 1) revert DocumentBacksTwoFacilities(kind, document, facilities);
                IDocumentFinancing.Facility memory expected = handler.holder(kind, document);
                IDocumentFinancing.Facility memory onChain = guard.facilityOf(
                    IDocumentFinancing.DocumentKind(kind),
                    handler.fingerprintsOf(document, 0)[1]
                );
                if (onChain.product != expected.product || onChain.facilityId != expected.facilityId) {
                    revert HolderNotRecorded(kind, document, onChain.product, onChain.facilityId);
                }
            }
        }
    }
}
