/** The Caravel console: a read-only single page, routed by the URL's hash. */
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";

import { indexer } from "./api.ts";
import { namer, type PartyNamer } from "./format.ts";
import { useIndexedBlock } from "./live.ts";
import { BillPage } from "./pages/BillPage.tsx";
import { OraclePage } from "./pages/OraclePage.tsx";
import { PayablePage, PayablesPage } from "./pages/PayablePage.tsx";
import { SearchPage } from "./pages/SearchPage.tsx";
import { ShipmentPage } from "./pages/ShipmentPage.tsx";
import { TradePage } from "./pages/TradePage.tsx";
import "./style.css";

function useHash(): string {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const changed = () => setHash(location.hash);
    addEventListener("hashchange", changed);
    return () => removeEventListener("hashchange", changed);
  }, []);
  return hash;
}

function useNamer(block: number | null): PartyNamer {
  const [name, setName] = useState<PartyNamer>(() => namer([]));
  useEffect(() => {
    indexer.members().then(
      ({ members }) => setName(() => namer(members)),
      () => undefined,
    );
  }, [block === null]);
  return name;
}

function Page({ hash, block, name }: { hash: string; block: number | null; name: PartyNamer }) {
  const [, page = "", id = ""] = /^#\/([a-z]*)\/?(.*)$/.exec(hash) ?? [];
  const key = decodeURIComponent(id);
  switch (page) {
    case "trade":
      return <TradePage lcId={key} block={block} name={name} />;
    case "bill":
      return <BillPage billId={key} block={block} name={name} />;
    case "shipment":
      return <ShipmentPage shipmentRef={key} block={block} name={name} />;
    case "payable":
      return <PayablePage payableId={key} block={block} name={name} />;
    case "payables":
      return <PayablesPage block={block} name={name} />;
    case "oracle":
      return <OraclePage block={block} name={name} />;
    default:
      return <SearchPage block={block} name={name} />;
  }
}

function App() {
  const hash = useHash();
  const block = useIndexedBlock();
  const name = useNamer(block);
  useEffect(() => {
    document.getElementById("main")?.focus();
  }, [hash]);
  return (
    <>
      <a
        class="skip"
        href="#main"
        onClick={(e) => (e.preventDefault(), document.getElementById("main")?.focus())}
      >
        Skip to content
      </a>
      <header>
        <p class="brand">Caravel console</p>
        <nav aria-label="Main">
          <a href="#/" aria-current={hash === "" || hash === "#/" ? "page" : undefined}>
            Trades
          </a>
          <a href="#/payables" aria-current={hash.startsWith("#/payable") ? "page" : undefined}>
            Payables
          </a>
          <a href="#/oracle" aria-current={hash.startsWith("#/oracle") ? "page" : undefined}>
            Oracle network
          </a>
        </nav>
        <p class="block" aria-live="polite">
          {block === null ? "Indexer not reached yet" : `Indexed block ${block}`}
        </p>
      </header>
      <main id="main" tabIndex={-1}>
        <Page hash={hash} block={block} name={name} />
      </main>
    </>
  );
}

render(<App />, document.getElementById("app")!);
