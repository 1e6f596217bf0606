import type { Metadata } from "next";
import { findUsableAccountLink } from "@/lib/account-links/find-account-link";
import { database } from "@/lib/database/client";
import { brandingFor } from "@/lib/resellers/branding-for";
import { AuthCard, AuthNotice } from "../../_components/auth-card";
import { SetPasswordForm } from "./set-password-form";

export const metadata: Metadata = { title: "Choose your password", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

/** Where welcome and reset mails lead: choose a password with the link's token (spent on submit, not on opening). */
export default async function SetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = await findUsableAccountLink(database(), token, ["welcome", "reset"]);
  if (!link) {
    return (
      <AuthCard title="This link cannot be used">
        <AuthNotice tone="error" testId="set-password-invalid">
          This link is invalid, used or expired.
        </AuthNotice>
        <p>
          Ask for a new one: <a href="/signin/forgot" className="font-medium text-indigo-600">Forgot your password?</a>
        </p>
      </AuthCard>
    );
  }
  const brand = await brandingFor(database(), link.userId);
  return (
    <AuthCard title={link.purpose === "welcome" ? "Welcome: choose your password" : "Choose a new password"} brand={brand?.name}>
      <p>
        For <span className="font-medium text-slate-800" data-testid="set-password-email">{link.user.email}</span>.
      </p>
      <SetPasswordForm token={token} />
    </AuthCard>
  );
}
