import { database } from "@/lib/database/client";
import { requirePageRole } from "@/lib/panel/require-page-role";
import { resellerOverview } from "@/lib/resellers/reseller-overview";
import { consoleMetadata } from "@/lib/panel/console-metadata";
import { Card, PageHeader } from "@/app/_components/ui";
import { BrandingForm } from "./branding-form";

export const generateMetadata = consoleMetadata("Branding", "reseller");
export const dynamic = "force-dynamic";

export default async function ResellerBrandingPage() {
  const { actor } = await requirePageRole("reseller");
  const { branding } = await resellerOverview({ database: database(), actor });
  return (
    <>
      <PageHeader title="Branding" description="Your customers see your name and logo instead of Berth's." />
      <Card>
        <div className="px-5 py-6">
          <BrandingForm name={branding.name ?? ""} logoDataUrl={branding.logoDataUrl} />
        </div>
      </Card>
    </>
  );
}
