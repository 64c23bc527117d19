/**
 * The parts of the CustomsOracle ABI the daemons use (contracts/interfaces/ICustomsOracle.sol),
 * written out `as const` so viem types every call. The daemons do not read Hardhat artifacts: they
 * run where nothing was compiled.
 */
const customsEventComponents = [
  { name: "shipmentRef", type: "bytes32" },
  { name: "eventType", type: "uint8" },
  { name: "location", type: "bytes5" },
  { name: "occurredAt", type: "uint48" },
  { name: "sourceDocHash", type: "bytes32" },
  { name: "sourceMessageId", type: "bytes32" },
] as const;

export const customsOracleAbi = [
  {
    type: "function",
    name: "submitReport",
    stateMutability: "nonpayable",
    inputs: [
      { name: "epoch", type: "uint32" },
      { name: "sequence", type: "uint64" },
      { name: "events", type: "tuple[]", components: customsEventComponents },
      { name: "signatures", type: "bytes" },
    ],
    outputs: [],
  },
  {
    type: "function",
    name: "epoch",
    stateMutability: "view",
    inputs: [],
    outputs: [{ name: "", type: "uint32" }],
  },
  {
    type: "function",
    name: "lastSequence",
    stateMutability: "view",
    inputs: [],
    outputs: [{ name: "", type: "uint64" }],
  },
  {
    type: "function",
    name: "reportDigest",
    stateMutability: "view",
    inputs: [
      { name: "epoch", type: "uint32" },
      { name: "sequence", type: "uint64" },
      { name: "events", type: "tuple[]", components: customsEventComponents },
    ],
    outputs: [{ name: "", type: "bytes32" }],
  },
] as const;
