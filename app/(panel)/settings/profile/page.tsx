import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { Card, PageHeader } from "../../../_components/ui";
import { PasswordForm, ProfileForm } from "./profile-forms";

export const metadata: Metadata = { title: "Profile" };
export const dynamic = "force-dynamic";

export default async function ProfilePage() {
  const user = await requireUser();
  return (
    <>
      <PageHeader title="Profile" description="Your name, the email you sign in with, and your password." />
      <div className="grid gap-8 lg:grid-cols-2">
        <Card title="Your details">
          <div className="px-5 py-5">
            <ProfileForm name={user.name} email={user.email} />
          </div>
        </Card>
        <Card title="Password" description="Changing it does not sign out other browsers; their sessions end within 12 hours.">
          <div className="px-5 py-5">
            <PasswordForm />
          </div>
        </Card>
      </div>
    </>
  );
}
