/** Virtual-battery tables (virtual assets, blocks, schedules, ancillary bids and results). */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the virtual-battery area
export interface VirtualBatteryTables {}
