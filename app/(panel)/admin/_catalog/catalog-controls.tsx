import { ActionForm, type ActionFormProps } from "@/app/_components/action-form";
import { EditToggle, RowActions } from "@/app/_components/data-table";
import { Pill } from "@/app/_components/ui";

/** Whether a plan or template can be ordered. */
export function ActivePill({ active }: { active: boolean }) {
  return active ? <Pill tone="emerald">active</Pill> : <Pill tone="slate">inactive</Pill>;
}

/**
 * The Edit toggle and the Activate / Deactivate button of a catalog row (plans, templates);
 * test ids are `<kind>-edit`, `<kind>-activate` and `<kind>-deactivate`.
 */
export function CatalogRowActions({ kind, id, active, editing, setActiveAction }: {
  kind: "plan" | "template";
  id: string;
  active: boolean;
  editing: string | undefined;
  /** Takes `<kind>Id` and the wanted `active` ("true" / "false"). */
  setActiveAction: ActionFormProps<null>["action"];
}) {
  return (
    <RowActions>
      <EditToggle page={`/admin/${kind}s`} id={id} editing={editing} testId={`${kind}-edit`} />
      <ActionForm
        action={setActiveAction}
        hidden={{ [`${kind}Id`]: id, active: String(!active) }}
        submitLabel={active ? "Deactivate" : "Activate"}
        testId={active ? `${kind}-deactivate` : `${kind}-activate`}
        variant={active ? "danger" : "small"}
        compact
      />
    </RowActions>
  );
}
