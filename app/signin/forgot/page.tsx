import type { Metadata } from "next";
import { AuthCard } from "../../_components/auth-card";
import { ForgotPasswordForm } from "./forgot-password-form";

export const metadata: Metadata = { title: "Forgot your password?" };

export default function ForgotPasswordPage() {
  return (
    <AuthCard title="Forgot your password?">
      <p>Give your account&apos;s email address; we send it a link to choose a new password.</p>
      <ForgotPasswordForm />
      <p>
        <a href="/signin" className="font-medium text-indigo-600">Back to sign in</a>
      </p>
    </AuthCard>
  );
}
