import type { Metadata } from "next";
import { getTwoFactorStatus } from "@/lib/account/get-two-factor-status";
import { requireUser } from "@/lib/auth/session";
import { database } from "@/lib/database/client";
import { formatDateTime } from "@/app/_components/format";
import { Card, PageHeader } from "../../../_components/ui";
import { TwoFactorPanel } from "./two-factor-panel";

export const metadata: Metadata = { title: "Security" };
export const dynamic = "force-dynamic";

export default async function SecurityPage() {
  const user = await requireUser();
  const status = await getTwoFactorStatus({ database: database(), userId: user.id });

  return (
    <>
      <PageHeader title="Security" description="Protect your account with a second step at sign-in." />
      <Card title="Two-factor authentication" description="A code from an app on your phone, on top of your password">
        <TwoFactorPanel enabled={status.enabledAt !== null} enabledSince={status.enabledAt ? formatDateTime(status.enabledAt) : null} unusedRecoveryCodes={status.unusedRecoveryCodes} />
      </Card>
    </>
  );
}
