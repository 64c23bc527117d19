/** What the console reads, through its server's `/api/` (the indexer and the oracle nodes). */

export interface ChainLogRow {
  id: string;
  contract: string;
  contractName: string;
  name: string;
  subject: string | null;
  args: Record<string, unknown>;
  blockNumber: string;
  logIndex: number;
  transactionHash: string;
  sender: string;
  timestamp: string;
}

export interface TradeRow {
  lcId: string;
  applicant: string;
  beneficiary: string;
  issuingBank: string;
  advisingBank: string | null;
  status: string;
  appliedAt: string;
  updatedAt: string;
  eventCount: number;
}

export interface BillRow {
  billId: string;
  blNumber: string;
  carrier: string;
  holder: string;
  status: string;
  shipmentRef: string;
  issuedAt: string;
  updatedAt: string;
}

export interface ShipmentEventRow {
  id: string;
  shipmentRef: string;
  outcome: string;
  eventType: string;
  occurredAt: string;
  keptStatus: string | null;
  blockNumber: string;
  logIndex: number;
  transactionHash: string;
  timestamp: string;
}

export interface ReportRow {
  id: string;
  epoch: string;
  sequence: string;
  eventCount: string;
  signers: string;
  submitter: string;
  acceptedAt: string;
  transactionHash: string;
}

export interface PayableRow {
  payableId: string;
  obligor: string;
  supplier: string;
  token: string;
  currency: string;
  decimals: number;
  amount: string;
  funded: string;
  redeemed: string;
  maturity: string;
  status: string;
  invoiceIds: string[];
  rootVoucher: string;
  confirmedAt: string;
  updatedAt: string;
}

export interface VoucherRow {
  voucherId: string;
  payableId: string;
  holder: string;
  value: string;
  redeemed: string;
  parent: string;
  maturity: string;
  issuedAt: string;
  updatedAt: string;
}

export interface NodeHealth {
  url: string;
  up: boolean;
  detail: string;
  queueDepth: number | null;
  lagSeconds: number | null;
  reportsConfirmed: number | null;
  quarantined: number | null;
  chainHead: number | null;
}

export class NotFound extends Error {}

export async function get<T>(path: string): Promise<T> {
  const response = await fetch(`/api${path}`);
  if (response.status === 404) throw new NotFound(path);
  if (!response.ok) {
    const body = await response.text();
    throw new Error(`${path}: ${response.status} ${body}`);
  }
  return (await response.json()) as T;
}

export const indexer = {
  trades: (query: string) =>
    get<{ total: number; trades: TradeRow[] }>(`/indexer/caravel/trades?${query}`),
  trade: (lcId: string) =>
    get<{ credit: TradeRow; logs: ChainLogRow[] }>(`/indexer/caravel/trades/${lcId}`),
  bills: (query: string) => get<{ bills: BillRow[] }>(`/indexer/caravel/bills?${query}`),
  bill: (billId: string) =>
    get<{ bill: BillRow; logs: ChainLogRow[] }>(`/indexer/caravel/bills/${billId}`),
  shipment: (ref: string) =>
    get<{ shipment: { status: string } | null; events: ShipmentEventRow[]; bills: BillRow[] }>(
      `/indexer/caravel/shipments/${ref}`,
    ),
  reports: (last: number) => get<{ reports: ReportRow[] }>(`/indexer/caravel/reports?last=${last}`),
  perMinute: () =>
    get<{ minutes: { minute: string; reports: number; events: string }[] }>(
      `/indexer/caravel/reports/per-minute?minutes=60`,
    ),
  payables: (query: string) =>
    get<{ total: number; payables: PayableRow[] }>(`/indexer/caravel/payables?${query}`),
  payable: (payableId: string) =>
    get<{ payable: PayableRow; vouchers: VoucherRow[] }>(
      `/indexer/caravel/payables/${encodeURIComponent(payableId)}`,
    ),
  members: () => get<{ members: { account: string; name: string }[] }>(`/indexer/caravel/members`),
  status: () =>
    get<Record<string, { block?: { number: number; timestamp: number } }>>(`/indexer/status`),
};
