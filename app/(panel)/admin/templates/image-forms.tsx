"use client";

import { useRouter } from "next/navigation";
import { startTransition, useActionState, useCallback, useEffect, useState, type FormEvent, type ReactNode } from "react";
import { JobProgress } from "@/app/_components/job-progress";
import { FormError } from "@/app/_components/action-form";
import { Field, SelectField, inputStyles, primaryButton } from "@/app/_components/fields";
import { initialActionState, type ActionState } from "@/lib/panel/action-state";
import type { PanelAction } from "@/lib/panel/panel-action";
import type { JobView } from "@/lib/servers/server-activity";
import { buildImageAction, importImageAction } from "./actions";

/** A job as GET /api/v1/jobs/{id} answers it, as the progress bar shows it. */
function readApiJob(body: unknown): JobView {
  const { job } = body as { job: { id: string; state: string; progress: number; step: string | null; error: string | null } };
  return { id: job.id, action: null, state: job.state, progress: job.progress, step: job.step, error: job.state === "failed" ? job.error : null };
}

/** Live progress of an image build or import; the page refreshes when it ends (new versions, a new template). */
export function ImageJobProgress({ job, kind, image }: { job: JobView; kind: "build" | "import"; image: string }) {
  const router = useRouter();
  const [dismissed, setDismissed] = useState(false);
  const refresh = useCallback(() => router.refresh(), [router]);
  if (dismissed) return null;
  return (
    <div data-testid="image-job" data-kind={kind} data-image={image}>
      <JobProgress
        initial={job}
        pollUrl={`/api/v1/jobs/${encodeURIComponent(job.id)}`}
        readJob={readApiJob}
        returnTo="/admin/templates"
        labels={{ name: `Image ${kind}`, running: `${kind === "build" ? "Building" : "Importing"} image ${image}`, done: `Image ${image} is ready` }}
        onFinished={refresh}
        onDismiss={() => setDismissed(true)}
      />
    </div>
  );
}

function HostField({ hosts, id }: { hosts: string[]; id: string }) {
  // With one host there is nothing to choose: the domain takes the only one.
  if (hosts.length < 2) return null;
  return <SelectField label="Host" name="host" id={id} options={hosts.map((host) => ({ value: host, label: host }))} />;
}

/** One image form: its fields and its refusal; an accepted job joins the page's list of image jobs, with its progress. */
function ImageJobForm({ action, hosts, submitLabel, testId, children, beforeSubmit }: {
  action: PanelAction<JobView>;
  hosts: string[];
  submitLabel: string;
  testId: string;
  children: ReactNode;
  /** Work on the form's data before it is sent (the import's upload); a message refuses it. */
  beforeSubmit?: (formData: FormData) => Promise<string | null>;
}) {
  const router = useRouter();
  const [state, dispatch, pending] = useActionState(action, initialActionState as ActionState<JobView>);
  const [preparing, setPreparing] = useState(false);
  const [prepareError, setPrepareError] = useState<string | null>(null);

  useEffect(() => {
    if (state.ok) router.refresh();
  }, [state, router]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    setPrepareError(null);
    setPreparing(true);
    const refusal = beforeSubmit ? await beforeSubmit(formData) : null;
    setPreparing(false);
    if (refusal) setPrepareError(refusal);
    else startTransition(() => dispatch(formData));
  }

  return (
    <form onSubmit={submit} className="space-y-4" data-testid={testId}>
      <div className="grid gap-4 sm:grid-cols-3">
        {children}
        <HostField hosts={hosts} id={`${testId}-host`} />
      </div>
      <div className="flex items-center gap-3">
        <button type="submit" disabled={pending || preparing} className={primaryButton} data-testid={`${testId}-submit`}>
          {preparing ? "Uploading…" : pending ? "Queuing…" : submitLabel}
        </button>
        {state.ok && state.result && !prepareError ? (
          <p role="status" className="text-sm text-emerald-700" data-testid="form-message">
            Queued as job {state.result.id}; its progress is shown above.
          </p>
        ) : null}
      </div>
      <FormError state={prepareError ? { ...state, ok: false, error: prepareError } : state} />
    </form>
  );
}

export function BuildImageForm({ images, hosts }: { images: string[]; hosts: string[] }) {
  return (
    <ImageJobForm action={buildImageAction} hosts={hosts} submitLabel="Build image" testId="image-build">
      <SelectField label="Image" name="image" id="image-build-name" options={images.map((image) => ({ value: image, label: image }))} />
    </ImageJobForm>
  );
}

/** Sends a chosen file to the upload route (streamed to the panel's disk) and puts its stored path in the form. */
async function uploadChosenFile(formData: FormData): Promise<string | null> {
  const file = formData.get("file");
  formData.delete("file");
  if (!(file instanceof File) || file.size === 0) return null;
  const response = await fetch(`/api/images/uploads?name=${encodeURIComponent(file.name)}`, { method: "POST", body: file, headers: { "Content-Type": "application/octet-stream" } });
  const body = (await response.json().catch(() => null)) as { path?: string; error?: { message?: string } } | null;
  if (!response.ok || !body?.path) return body?.error?.message ?? `The upload failed (HTTP ${response.status})`;
  formData.set("path", body.path);
  return null;
}

export function ImportImageForm({ hosts }: { hosts: string[] }) {
  return (
    <ImageJobForm action={importImageAction} hosts={hosts} submitLabel="Import image" testId="image-import" beforeSubmit={uploadChosenFile}>
      <Field label="Image name" name="image" id="image-import-name" required placeholder="e.g. alpine-3.20" hint="a-z, 0-9, dots, hyphens, underscores" />
      <Field label="Tarball on the host" name="path" id="image-import-path" placeholder="/srv/images/alpine.tar.zst" hint=".tar, .tar.gz, .tgz, .tar.xz or .tar.zst" />
      <div>
        <label htmlFor="image-import-file" className="block text-sm font-medium text-slate-700">
          …or upload it
        </label>
        <input id="image-import-file" name="file" type="file" accept=".tar,.gz,.tgz,.xz,.zst" className={inputStyles} />
        <p className="mt-1 text-xs text-slate-500">Stored on the panel&apos;s machine: only for a host whose agent runs there (the one-host setup).</p>
      </div>
    </ImageJobForm>
  );
}
