/**
 * The parts of the CustomsOracle ABI the daemons use: its functions, its custom errors (decoded
 * from reverts) and its events (contracts/interfaces/ICustomsOracle.sol and
 * ICustomsOracleCommittee.sol), written out `as const` so viem types every call. The daemons do
 * not read Hardhat artifacts at run time (they run where nothing was compiled); a test checks
 * this list against the compiled contract so the two cannot drift apart.
 */
export const customsOracleAbi = [
  {
    inputs: [
      {
        name: "index",
        type: "uint256",
      },
      {
        name: "signer",
        type: "address",
      },
    ],
    name: "CustomsOracleDuplicateSigner",
    type: "error",
  },
  {
    inputs: [
      {
        name: "count",
        type: "uint256",
      },
      {
        name: "max",
        type: "uint256",
      },
    ],
    name: "CustomsOracleEventCountOutOfRange",
    type: "error",
  },
  {
    inputs: [
      {
        name: "index",
        type: "uint256",
      },
      {
        name: "occurredAt",
        type: "uint256",
      },
      {
        name: "latestAllowed",
        type: "uint256",
      },
    ],
    name: "CustomsOracleEventInFuture",
    type: "error",
  },
  {
    inputs: [
      {
        name: "size",
        type: "uint256",
      },
      {
        name: "max",
        type: "uint256",
      },
    ],
    name: "CustomsOracleInvalidCommitteeSize",
    type: "error",
  },
  {
    inputs: [
      {
        name: "index",
        type: "uint256",
      },
      {
        name: "member",
        type: "address",
      },
    ],
    name: "CustomsOracleInvalidMember",
    type: "error",
  },
  {
    inputs: [
      {
        name: "threshold",
        type: "uint256",
      },
      {
        name: "size",
        type: "uint256",
      },
    ],
    name: "CustomsOracleInvalidThreshold",
    type: "error",
  },
  {
    inputs: [
      {
        name: "index",
        type: "uint256",
      },
      {
        name: "shipmentRef",
        type: "bytes32",
      },
      {
        name: "eventType",
        type: "uint256",
      },
      {
        name: "occurredAt",
        type: "uint256",
      },
    ],
    name: "CustomsOracleMalformedEvent",
    type: "error",
  },
  {
    inputs: [
      {
        name: "index",
        type: "uint256",
      },
    ],
    name: "CustomsOracleMalformedSignature",
    type: "error",
  },
  {
    inputs: [
      {
        name: "length",
        type: "uint256",
      },
    ],
    name: "CustomsOracleMalformedSignatures",
    type: "error",
  },
  {
    inputs: [
      {
        name: "member",
        type: "address",
      },
    ],
    name: "CustomsOracleMemberNotOracle",
    type: "error",
  },
  {
    inputs: [],
    name: "CustomsOracleNoCommittee",
    type: "error",
  },
  {
    inputs: [
      {
        name: "valid",
        type: "uint256",
      },
      {
        name: "required",
        type: "uint256",
      },
    ],
    name: "CustomsOracleQuorumNotMet",
    type: "error",
  },
  {
    inputs: [
      {
        name: "sequence",
        type: "uint64",
      },
      {
        name: "lastSequence",
        type: "uint64",
      },
    ],
    name: "CustomsOracleReportReplayed",
    type: "error",
  },
  {
    inputs: [
      {
        name: "sequence",
        type: "uint64",
      },
      {
        name: "expected",
        type: "uint64",
      },
    ],
    name: "CustomsOracleSequenceGap",
    type: "error",
  },
  {
    inputs: [
      {
        name: "signer",
        type: "address",
      },
    ],
    name: "CustomsOracleSignerInactive",
    type: "error",
  },
  {
    inputs: [
      {
        name: "index",
        type: "uint256",
      },
      {
        name: "signer",
        type: "address",
      },
    ],
    name: "CustomsOracleSignerNotInCommittee",
    type: "error",
  },
  {
    inputs: [
      {
        name: "submitter",
        type: "address",
      },
    ],
    name: "CustomsOracleSubmitterInactive",
    type: "error",
  },
  {
    inputs: [
      {
        name: "submitter",
        type: "address",
      },
    ],
    name: "CustomsOracleSubmitterNotInCommittee",
    type: "error",
  },
  {
    inputs: [
      {
        name: "epoch",
        type: "uint32",
      },
      {
        name: "currentEpoch",
        type: "uint32",
      },
    ],
    name: "CustomsOracleWrongEpoch",
    type: "error",
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        name: "epoch",
        type: "uint32",
      },
      {
        indexed: false,
        name: "members",
        type: "address[]",
      },
      {
        indexed: false,
        name: "threshold",
        type: "uint8",
      },
    ],
    name: "CustomsCommitteeChanged",
    type: "event",
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        name: "shipmentRef",
        type: "bytes32",
      },
      {
        indexed: false,
        name: "eventType",
        type: "uint8",
      },
      {
        indexed: false,
        name: "occurredAt",
        type: "uint48",
      },
    ],
    name: "CustomsEventDuplicate",
    type: "event",
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        name: "shipmentRef",
        type: "bytes32",
      },
      {
        indexed: false,
        name: "eventType",
        type: "uint8",
      },
      {
        indexed: false,
        name: "occurredAt",
        type: "uint48",
      },
      {
        indexed: false,
        name: "status",
        type: "uint8",
      },
      {
        indexed: false,
        name: "since",
        type: "uint48",
      },
    ],
    name: "CustomsEventOutOfOrder",
    type: "event",
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        name: "epoch",
        type: "uint32",
      },
      {
        indexed: true,
        name: "sequence",
        type: "uint64",
      },
      {
        indexed: false,
        name: "digest",
        type: "bytes32",
      },
      {
        indexed: false,
        name: "signers",
        type: "uint256",
      },
      {
        indexed: false,
        name: "eventCount",
        type: "uint256",
      },
    ],
    name: "CustomsReportAccepted",
    type: "event",
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        name: "shipmentRef",
        type: "bytes32",
      },
      {
        indexed: true,
        name: "status",
        type: "uint8",
      },
      {
        indexed: false,
        name: "occurredAt",
        type: "uint48",
      },
    ],
    name: "CustomsStatusChanged",
    type: "event",
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        name: "shipmentRef",
        type: "bytes32",
      },
      {
        indexed: false,
        name: "eventType",
        type: "uint8",
      },
      {
        indexed: false,
        name: "occurredAt",
        type: "uint48",
      },
      {
        indexed: false,
        name: "status",
        type: "uint8",
      },
    ],
    name: "CustomsTransitionRefused",
    type: "event",
  },
  {
    inputs: [],
    name: "committee",
    outputs: [
      {
        name: "members",
        type: "address[]",
      },
      {
        name: "threshold",
        type: "uint8",
      },
      {
        name: "currentEpoch",
        type: "uint32",
      },
    ],
    stateMutability: "view",
    type: "function",
  },
  {
    inputs: [
      {
        name: "shipmentRef",
        type: "bytes32",
      },
    ],
    name: "customsStatus",
    outputs: [
      {
        name: "status",
        type: "uint8",
      },
      {
        name: "since",
        type: "uint48",
      },
    ],
    stateMutability: "view",
    type: "function",
  },
  {
    inputs: [],
    name: "epoch",
    outputs: [
      {
        name: "",
        type: "uint32",
      },
    ],
    stateMutability: "view",
    type: "function",
  },
  {
    inputs: [
      {
        name: "shipmentRef",
        type: "bytes32",
      },
      {
        name: "status",
        type: "uint8",
      },
    ],
    name: "hasReached",
    outputs: [
      {
        name: "reached",
        type: "bool",
      },
      {
        name: "at",
        type: "uint48",
      },
    ],
    stateMutability: "view",
    type: "function",
  },
  {
    inputs: [],
    name: "lastSequence",
    outputs: [
      {
        name: "",
        type: "uint64",
      },
    ],
    stateMutability: "view",
    type: "function",
  },
  {
    inputs: [
      {
        name: "epoch_",
        type: "uint32",
      },
      {
        name: "sequence",
        type: "uint64",
      },
      {
        components: [
          {
            name: "shipmentRef",
            type: "bytes32",
          },
          {
            name: "eventType",
            type: "uint8",
          },
          {
            name: "location",
            type: "bytes5",
          },
          {
            name: "occurredAt",
            type: "uint48",
          },
          {
            name: "sourceDocHash",
            type: "bytes32",
          },
          {
            name: "sourceMessageId",
            type: "bytes32",
          },
        ],
        name: "events",
        type: "tuple[]",
      },
    ],
    name: "reportDigest",
    outputs: [
      {
        name: "",
        type: "bytes32",
      },
    ],
    stateMutability: "view",
    type: "function",
  },
  {
    inputs: [
      {
        name: "epoch_",
        type: "uint32",
      },
      {
        name: "sequence",
        type: "uint64",
      },
      {
        components: [
          {
            name: "shipmentRef",
            type: "bytes32",
          },
          {
            name: "eventType",
            type: "uint8",
          },
          {
            name: "location",
            type: "bytes5",
          },
          {
            name: "occurredAt",
            type: "uint48",
          },
          {
            name: "sourceDocHash",
            type: "bytes32",
          },
          {
            name: "sourceMessageId",
            type: "bytes32",
          },
        ],
        name: "events",
        type: "tuple[]",
      },
      {
        name: "signatures",
        type: "bytes",
      },
    ],
    name: "submitReport",
    outputs: [],
    stateMutability: "nonpayable",
    type: "function",
  },
] as const;
