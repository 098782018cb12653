import { IdentityValidatorError } from "./core/errors.js";
import type { IdentifierInfo, IdentifierType, ValidateOptions, ValidationResult } from "./core/types.js";
import { types as at } from "./countries/at.js";
import { types as be } from "./countries/be.js";
import { types as bg } from "./countries/bg.js";
import { types as cy } from "./countries/cy.js";
import { types as cz } from "./countries/cz.js";
import { types as de } from "./countries/de.js";
import { types as dk } from "./countries/dk.js";
import { types as ee } from "./countries/ee.js";
import { types as es } from "./countries/es.js";
import { types as eu } from "./countries/eu.js";
import { types as fi } from "./countries/fi.js";
import { types as fr } from "./countries/fr.js";
import { types as gr } from "./countries/gr.js";
import { types as hr } from "./countries/hr.js";
import { types as hu } from "./countries/hu.js";
import { types as ie } from "./countries/ie.js";
import { types as intl } from "./countries/intl.js";
import { types as it } from "./countries/it.js";
import { types as lt } from "./countries/lt.js";
import { types as lu } from "./countries/lu.js";
import { types as lv } from "./countries/lv.js";
import { types as mt } from "./countries/mt.js";
import { types as nl } from "./countries/nl.js";
import { types as pl } from "./countries/pl.js";
import { types as pt } from "./countries/pt.js";
import { types as ro } from "./countries/ro.js";
import { types as se } from "./countries/se.js";
import { types as si } from "./countries/si.js";
import { types as sk } from "./countries/sk.js";
import { types as us } from "./countries/us.js";

/** Every supported type, in catalogue order: the 27 member states A-Z, then EU, INTL, US. */
export const ALL_TYPES: readonly IdentifierType[] = [
  ...at,
  ...be,
  ...bg,
  ...cy,
  ...cz,
  ...de,
  ...dk,
  ...ee,
  ...es,
  ...fi,
  ...fr,
  ...gr,
  ...hr,
  ...hu,
  ...ie,
  ...it,
  ...lt,
  ...lu,
  ...lv,
  ...mt,
  ...nl,
  ...pl,
  ...pt,
  ...ro,
  ...se,
  ...si,
  ...sk,
  ...eu,
  ...intl,
  ...us,
];

const BY_ID: ReadonlyMap<string, IdentifierType> = new Map(ALL_TYPES.map((t) => [t.id, t]));

/**
 * Looks up a type by id (e.g. `se.personnummer`).
 * @throws IdentityValidatorError with code `unknown_type` when no such type exists.
 */
export function getType(id: string): IdentifierType {
  const type = BY_ID.get(id);
  if (!type) throw new IdentityValidatorError("unknown_type", String(id), "unknown identifier type");
  return type;
}

/**
 * Validates and normalizes `value` as an identifier of type `type`.
 * @example validate("se.personnummer", "811228-9874") // { valid: true, normalized: "811228-9874", error: null }
 * @throws IdentityValidatorError (`unknown_type`) only for an unknown type id; bad values never throw.
 */
export function validate(type: string, value: string, options?: ValidateOptions): ValidationResult {
  return getType(type).validate(value, options);
}

/**
 * Display form of a valid identifier (e.g. `19811228-9874`).
 * @throws IdentityValidatorError when the type is unknown or the value is invalid.
 */
export function format(type: string, value: string, options?: ValidateOptions): string {
  return getType(type).format(value, options);
}

/**
 * Log-safe form of an identifier: personal identifiers keep only their last two characters,
 * company identifiers their first two and last three, invalid values nothing.
 * @throws IdentityValidatorError (`unknown_type`) for an unknown type id.
 */
export function mask(type: string, value: string): string {
  return getType(type).mask(value);
}

/**
 * The catalogue: one entry per supported type, optionally for one country (`"SE"`, `"EU"`,
 * `"INTL"`, `"US"`). Entries are plain data, safe to serialize for a form.
 */
export function catalogue(country?: string): IdentifierInfo[] {
  const wanted = country?.toUpperCase();
  return ALL_TYPES.filter((t) => wanted === undefined || t.country === wanted).map((t) => ({
    id: t.id,
    country: t.country,
    kind: t.kind,
    category: t.category,
    name: t.name,
    localName: t.localName,
    example: t.example,
    hasCheckDigit: t.hasCheckDigit,
    hasEmbeddedDate: t.hasEmbeddedDate,
    source: t.source,
  }));
}
