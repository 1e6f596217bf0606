/** The agent's two nft tables for its bridge (several agents on one machine, as in tests, each have their own). */
export interface NetworkTables {
  bridge: string;
  inet: string;
  /** The bridge device the tables guard. */
  device: string;
}

export function networkTables(bridge: string): NetworkTables {
  // Interface names may hold "." which nft identifiers may not.
  const name = `berth_${bridge.replace(/[^A-Za-z0-9_-]/g, "_")}`;
  return { bridge: name, inet: name, device: bridge };
}
