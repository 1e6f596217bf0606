import type { Metadata } from "next";
import { getTwoFactorStatus } from "@/lib/account/get-two-factor-status";
import { requireUser } from "@/lib/auth/session";
import { database } from "@/lib/database/client";
import { formatDateTime } from "@/app/_components/format";
import { clientAddress } from "@/lib/http/client-address";
import { getSignInRanges } from "@/lib/users/get-sign-in-ranges";
import { headers } from "next/headers";
import { Card, CardBody, PageHeader } from "../../../_components/ui";
import { SignInRangesForm } from "./sign-in-ranges-form";
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
      <Card title="Sign-in addresses" description="Allow signing in to this account only from the networks you use" className="mt-8">
        <CardBody>
          <SignInRangesForm ranges={await getSignInRanges({ database: database(), userId: user.id })} currentAddress={clientAddress(await headers())} />
        </CardBody>
      </Card>
    </>
  );
}
