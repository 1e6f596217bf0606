import type { Metadata } from "next";
import { findUsableAccountLink } from "@/lib/account-links/find-account-link";
import { database } from "@/lib/database/client";
import { brandingFor } from "@/lib/resellers/branding-for";
import { AuthCard, AuthNotice } from "../../../_components/auth-card";
import { LoginLinkForm } from "./login-link-form";

export const metadata: Metadata = { title: "Signing in", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

/**
 * A billing system's one-time login link. Opening the page spends nothing (mail scanners and
 * link previews fetch it too): the browser's script signs in with the token, which uses it.
 */
export default async function LoginLinkPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = await findUsableAccountLink(database(), token, ["login"]);
  if (!link) {
    return (
      <AuthCard title="This link cannot be used">
        <AuthNotice tone="error" testId="login-link-invalid">
          This sign-in link is invalid, used or expired: links work once, for 60 seconds.
        </AuthNotice>
        <p>
          Ask for a new one from your billing account, or <a href="/signin" className="font-medium text-indigo-600">sign in with your password</a>.
        </p>
      </AuthCard>
    );
  }
  const brand = await brandingFor(database(), link.userId);
  return (
    <AuthCard title="Signing you in" brand={brand?.name}>
      <LoginLinkForm token={token} email={link.user.email} next={link.redirectPath ?? "/"} />
    </AuthCard>
  );
}
