import { describe, expect, it } from "vitest";
import { formatPostcodeEntry, parsePostcode, parsePostcodeEntry, postcodeInBoundary } from "./postcode.js";

describe("parsePostcode", () => {
  it.each([
    ["SW1A 1AA", { outward: "SW1A", inward: "1AA" }],
    ["sw1a1aa", { outward: "SW1A", inward: "1AA" }],
    ["  ox4   2jy ", { outward: "OX4", inward: "2JY" }],
    ["N1 9GU", { outward: "N1", inward: "9GU" }],
    ["M11AE", { outward: "M1", inward: "1AE" }],
  ])("reads %j", (text, expected) => {
    expect(parsePostcode(text)).toEqual(expected);
  });
  it.each(["", "OX4", "12345", "OX4 2J", "ZZZ1 1AA"])("rejects %j", (text) => {
    expect(parsePostcode(text)).toBeNull();
  });
});

describe("parsePostcodeEntry", () => {
  it.each([
    ["sw", "area", "SW"],
    ["sw1a", "district", "SW1A"],
    ["N19", "district", "N19"],
    ["sw1a 1", "sector_or_unit", "SW1A 1"],
    ["SW1A1AA", "sector_or_unit", "SW1A 1AA"],
    ["N1  9GU", "sector_or_unit", "N1 9GU"],
  ])("reads %j as a %s", (text, level, canonical) => {
    const entry = parsePostcodeEntry(text);
    expect(entry?.level).toBe(level);
    expect(entry && formatPostcodeEntry(entry)).toBe(canonical);
  });
  it.each(["", "123", "SW1A 1AAA", "SW1A X", "OX4 2 JY"])("rejects %j", (text) => {
    expect(parsePostcodeEntry(text)).toBeNull();
  });
});

describe("postcodeInBoundary", () => {
  it.each([
    ["N1 9GU", ["N1"], true],
    ["N10 1AA", ["N1"], false], // a plain prefix would wrongly match
    ["NW1 6XE", ["N"], false], // area N is not area NW
    ["N10 1AA", ["N"], true],
    ["N1 9GU", ["N1 9"], true],
    ["N1 8GU", ["N1 9"], false],
    ["N10 9GU", ["N1 9"], false],
    ["N10 9GU", ["N1 9GU"], false],
    ["N1 9GU", ["n19gu"], true],
    ["N1 9GV", ["N1 9GU"], false],
    ["ox42jy", ["OX4"], true],
    ["OX4 2JY", ["OX1", "OX4"], true],
    ["OX4 2JY", [], false],
    ["not a postcode", ["OX4"], false],
    ["OX4 2JY", ["not an entry"], false],
  ] as const)("%j in %j → %s", (postcode, entries, inside) => {
    expect(postcodeInBoundary(postcode, entries)).toBe(inside);
  });
});
