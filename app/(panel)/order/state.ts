export type OrderField = "plan" | "template" | "hostname";

export interface OrderFormState {
  /** Bumped on every failed submit so the form re-mounts with the submitted values. */
  attempt: number;
  message: string | null;
  fieldErrors: Partial<Record<OrderField, string>>;
  values: Record<OrderField, string>;
}
