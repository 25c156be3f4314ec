/** Marketplace tables (competitions, assets, qualifications, ballots, bids, results, obligations). */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the marketplace area
export interface MarketplaceTables {}
