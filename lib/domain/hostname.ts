import { z } from "zod";

// RFC 1123 label: letters, digits and hyphens, 1-63 characters, no hyphen at either end.
const rfc1123Label = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export const ZHostname = z
  .string()
  .trim()
  .toLowerCase()
  .regex(rfc1123Label, "must be an RFC 1123 label: 1-63 letters, digits or hyphens, not starting or ending with a hyphen");
