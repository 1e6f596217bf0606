import { z } from "zod";

// zod schemas for fields of a submitted panel form (FormData values are strings, or absent).
// They only shape the form; the domain function validates the values and names bad fields.

/** A text field, trimmed; "" when absent. */
export const formText = () => z.preprocess((value) => (typeof value === "string" ? value.trim() : ""), z.string());

/** A text field that may be left out of the form: trimmed, undefined when absent (the domain then keeps what it has). */
export const formOptionalText = () => z.preprocess((value) => (typeof value === "string" ? value.trim() : undefined), z.string().optional());

/** A secret (password) field exactly as typed; "" when absent. */
export const formSecret = () => z.preprocess((value) => (typeof value === "string" ? value : ""), z.string());

/** A number field; NaN when empty or not a number, so the domain's message names the field. */
export const formNumber = () =>
  z.preprocess((value) => (typeof value === "string" && value.trim() !== "" ? Number(value) : Number.NaN), z.number().or(z.nan()));

/** A yes/no field: a checkbox that is present, or the text "true". */
export const formFlag = () => z.preprocess((value) => value === "true" || value === "on", z.boolean());

/** A field that may repeat (checkboxes sharing a name): every value, trimmed. */
export const formList = () =>
  z.preprocess((value) => (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((item) => typeof item === "string").map((item) => (item as string).trim()), z.array(z.string()));

/** An id naming what the form acts on. */
export const formId = (what: string) => z.preprocess((value) => (typeof value === "string" ? value.trim() : ""), z.string().min(1, `name the ${what}`));
