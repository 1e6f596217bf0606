import { formatDateTime } from "@/app/_components/format";
import type { ImageVersionView } from "@/lib/images/list-image-versions";

function formatBytes(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

/** The full-width row under a template: the versions of its image on each host (new servers get the newest). */
export function ImageVersions({ colSpan, versions }: { colSpan: number; versions: ImageVersionView[] }) {
  if (versions.length === 0) return null;
  return (
    <tr>
      <td colSpan={colSpan} className="bg-slate-50/50 px-5 pb-4 pt-0">
        <table className="w-full text-left text-xs text-slate-600" data-testid="image-versions">
          <thead className="text-slate-500">
            <tr>
              <th className="py-1.5 pr-4 font-medium">Version</th>
              <th className="py-1.5 pr-4 font-medium">OS</th>
              <th className="py-1.5 pr-4 font-medium">Host</th>
              <th className="py-1.5 pr-4 font-medium">Size</th>
              <th className="py-1.5 pr-4 font-medium">Servers</th>
              <th className="py-1.5 font-medium">Made</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((version) => (
              <tr key={`${version.host}-${version.version}`} data-testid="image-version-row" data-version={version.version}>
                <td className="py-1 pr-4 font-mono">{version.version}</td>
                <td className="py-1 pr-4">{version.osName}</td>
                <td className="py-1 pr-4">{version.host}</td>
                <td className="py-1 pr-4 tabular-nums">{formatBytes(version.sizeBytes)}</td>
                <td className="py-1 pr-4 tabular-nums">{version.containers}</td>
                {/* The built-in BusyBox image is made by the agent at setup and has no build date. */}
                <td className="py-1 whitespace-nowrap">{version.version === "builtin" ? "at host setup" : formatDateTime(version.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </td>
    </tr>
  );
}
