import type { ImageProgress } from "./progress";

// debootstrap prints no totals, so downloads are measured against a typical count for the
// package list (136 for bookworm's minbase plus ours); later phases use the real count.
const expectedPackages = 140;
// Unpacking plus Configuring lines per package (some packages are only unpacked or configured once).
const installLinesPerPackage = 1.9;

/** Where debootstrap's run sits in the whole build (the image preparation after it takes the rest). */
const range = { start: 2, downloaded: 40, extracted: 50, installed: 88 };

/**
 * Turns debootstrap's "I: ..." lines into progress: package lists; Retrieving and Validating per
 * package (only Validating for one already in the cache); Extracting per required package;
 * Unpacking and Configuring per package; then "Base system installed successfully".
 */
export class DebootstrapProgress {
  /** Packages fetched or found in the cache: "Retrieving" (download) or only "Validating" (cached). */
  private readonly packages = new Set<string>();
  private extracted = 0;
  private installSteps = 0;
  private pending = "";

  /** Feeds a chunk of output; returns the progress after each complete line that moved it. */
  feed(chunk: string): ImageProgress[] {
    const lines = (this.pending + chunk).split("\n");
    this.pending = lines.pop() ?? "";
    return lines.map((line) => this.line(line.trim())).filter((progress): progress is ImageProgress => progress !== null);
  }

  private line(line: string): ImageProgress | null {
    const message = /^I: (.*)$/.exec(line)?.[1];
    if (message === undefined) return null;
    const packages = Math.max(this.packages.size, 1);
    if (/^Retrieving (InRelease|Release|Packages)|^Validating Packages|^Checking|^Valid Release|^Resolving|^Found/.test(message)) {
      return { percent: range.start, step: "Reading the package lists" };
    }
    const fetched = /^(Retrieving|Validating) (\S+)/.exec(message);
    if (fetched?.[2]) {
      this.packages.add(fetched[2]);
      return { percent: between(range.start, range.downloaded, this.packages.size / expectedPackages), step: "Downloading packages" };
    }
    if (message.startsWith("Extracting ")) {
      this.extracted += 1;
      return { percent: between(range.downloaded, range.extracted, this.extracted / packages), step: "Extracting packages" };
    }
    if (message.startsWith("Installing core packages")) return { percent: range.extracted, step: "Installing packages" };
    if (/^(Unpacking|Configuring) /.test(message)) {
      this.installSteps += 1;
      const step = message.startsWith("Unpacking") ? "Unpacking packages" : "Configuring packages";
      return { percent: between(range.extracted, range.installed, this.installSteps / (installLinesPerPackage * packages)), step };
    }
    if (message.startsWith("Base system installed")) return { percent: range.installed, step: "Base system installed" };
    return null;
  }
}

function between(from: number, to: number, fraction: number): number {
  return from + (to - from) * Math.min(fraction, 0.99);
}

/** The last percentage debootstrap's part of a build reaches. */
export const debootstrapDonePercent = range.installed;
