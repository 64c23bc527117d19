import { expect } from "chai";
import { AbiCoder, concat, keccak256 as ethersKeccak, toUtf8Bytes } from "ethers";
import {
  CUSTOMS_EVENT_TYPES,
  checkCustomsEventRecord,
  eventContentHash,
  eventKey,
  eventTypeCode,
  eventTypeFromCode,
  sourceDocHashOf,
  toOnChainEvent,
  type CustomsEventRecord,
} from "../../../oracle/events/customsEvent.ts";

const body = "<MetaData>example</MetaData>";
const record: CustomsEventRecord = {
  sourceMessageId: "a6e4e95b91be4fe4a95800c235c7c010",
  source: "wco-dms",
  carrier: "0x00000000000000000000000000000000000a11ce",
  shipmentRef: "MAEU123456789",
  declarationId: "19GBCKKCQSXV2FGVA8",
  eventType: "Cleared",
  location: "GBFXT",
  occurredAt: 1_573_665_737,
  sourceDocHash: sourceDocHashOf(body),
};

describe("CustomsEvent (canonical event and its on-chain form)", function () {
  it("numbers event types as contracts/types/CustomsTypes.sol does (1 = DeclarationAccepted … 12 = Discharged)", function () {
    expect(eventTypeCode("DeclarationAccepted")).to.equal(1);
    expect(eventTypeCode("Detained")).to.equal(8);
    expect(eventTypeCode("Loaded")).to.equal(9);
    expect(eventTypeCode("Discharged")).to.equal(12);
    CUSTOMS_EVENT_TYPES.forEach((t, i) => expect(eventTypeFromCode(i + 1)).to.equal(t));
    expect(eventTypeFromCode(0)).to.equal(undefined);
    expect(eventTypeFromCode(13)).to.equal(undefined);
  });

  it("maps a record to hashed references, an ASCII bytes5 location and the hash of its content", function () {
    const onChain = toOnChainEvent(record);
    expect(onChain.shipmentRef).to.equal(
      ethersKeccak(concat([record.carrier, toUtf8Bytes("MAEU123456789")])),
    );
    expect(onChain.eventType).to.equal(6);
    expect(onChain.location).to.equal("0x4742465854"); // "GBFXT"
    expect(onChain.occurredAt).to.equal(1_573_665_737);
    expect(onChain.sourceMessageId).to.equal(
      ethersKeccak(toUtf8Bytes("wco-dms:a6e4e95b91be4fe4a95800c235c7c010")),
    );
    // sourceDocHash: the struct's other five words with its own word zero (checked with ethers).
    expect(onChain.sourceDocHash).to.equal(
      ethersKeccak(
        AbiCoder.defaultAbiCoder().encode(
          ["bytes32", "uint8", "bytes5", "uint48", "bytes32", "bytes32"],
          [
            onChain.shipmentRef,
            onChain.eventType,
            onChain.location,
            onChain.occurredAt,
            `0x${"00".repeat(32)}`,
            onChain.sourceMessageId,
          ],
        ),
      ),
    );
    expect(onChain.sourceDocHash).to.equal(eventContentHash(record));
  });

  it("keys the same event alike whatever message framed it (alone or in a batch)", function () {
    const alone = { ...record, sourceDocHash: sourceDocHashOf(body) };
    const inBatch = { ...record, sourceDocHash: sourceDocHashOf(`[${body},"another event"]`) };
    expect(eventKey(inBatch)).to.equal(eventKey(alone));
    expect(toOnChainEvent(inBatch)).to.deep.equal(toOnChainEvent(alone));
  });

  it("keys an event by keccak256 of the ABI encoding of its on-chain struct (checked with ethers)", function () {
    const o = toOnChainEvent(record);
    const expected = ethersKeccak(
      AbiCoder.defaultAbiCoder().encode(
        ["bytes32", "uint8", "bytes5", "uint48", "bytes32", "bytes32"],
        [o.shipmentRef, o.eventType, o.location, o.occurredAt, o.sourceDocHash, o.sourceMessageId],
      ),
    );
    expect(eventKey(record)).to.equal(expected);
    expect(eventKey(o)).to.equal(expected);
  });

  it("gives different keys to events that differ in any on-chain field", function () {
    const keys = new Set([
      eventKey(record),
      eventKey({ ...record, shipmentRef: "MAEU123456780" }),
      eventKey({ ...record, eventType: "Released" }),
      eventKey({ ...record, location: "GBLHR" }),
      eventKey({ ...record, occurredAt: record.occurredAt + 1 }),
      eventKey({ ...record, sourceMessageId: "other" }),
      eventKey({ ...record, source: "canonical" }),
      eventKey({ ...record, carrier: "0x00000000000000000000000000000000000b0b00" }),
    ]);
    expect(keys.size).to.equal(8);
  });

  it("does not let the declaration id (off-chain only) change the key", function () {
    const withoutDeclaration: CustomsEventRecord = { ...record };
    delete withoutDeclaration.declarationId;
    expect(eventKey(withoutDeclaration)).to.equal(eventKey(record));
  });

  it("accepts a well-formed record, with or without a declaration id", function () {
    expect(() => checkCustomsEventRecord(record)).to.not.throw();
    const withoutDeclaration: CustomsEventRecord = { ...record };
    delete withoutDeclaration.declarationId;
    expect(() => checkCustomsEventRecord(withoutDeclaration)).to.not.throw();
  });

  for (const [name, patch, field] of [
    ["a lower-case B/L number", { shipmentRef: "maeu1" }, "shipmentRef"],
    [
      "a checksummed carrier address",
      { carrier: "0x00000000000000000000000000000000000A11cE" },
      "carrier",
    ],
    ["a carrier code instead of an address", { carrier: "MAEU" }, "carrier"],
    ["no carrier", { carrier: undefined }, "carrier"],
    ["a four-letter location", { location: "GBFX" }, "location"],
    ["a location with digits 0 or 1", { location: "GB0X1" }, "location"],
    ["a fractional time", { occurredAt: 1.5 }, "occurredAt"],
    ["a negative time", { occurredAt: -1 }, "occurredAt"],
    ["a time beyond uint48", { occurredAt: 2 ** 48 }, "occurredAt"],
    ["a time given as text", { occurredAt: "1750000000" }, "occurredAt"],
    [
      "an upper-case hex hash",
      { sourceDocHash: record.sourceDocHash.toUpperCase() },
      "sourceDocHash",
    ],
    ["a short hash", { sourceDocHash: record.sourceDocHash.slice(0, 10) }, "sourceDocHash"],
    ["an unknown event type", { eventType: "Lost" }, "eventType"],
    ["an unknown source", { source: "edifact" }, "source"],
    ["a message id with a space", { sourceMessageId: "a b" }, "sourceMessageId"],
    ["an empty message id", { sourceMessageId: "" }, "sourceMessageId"],
    ["a declaration id with a space", { declarationId: "DEC 1" }, "declarationId"],
    ["an unexpected field", { extra: 1 }, "extra"],
  ] as const) {
    it(`refuses a record with ${name}, naming the field`, function () {
      const bad = { ...record, ...patch } as unknown as CustomsEventRecord;
      expect(() => checkCustomsEventRecord(bad)).to.throw(`event record: ${field} `);
    });
  }
});
