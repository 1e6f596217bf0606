/** How far an image build or import is: percent 0-100 and what it is doing now. */
export interface ImageProgress {
  percent: number;
  step: string;
}

export type ProgressListener = (progress: ImageProgress) => void;

/**
 * Reports only changes, and never lets the percentage go down, so listeners (the build record on
 * disk) are not rewritten for every line of a command's output.
 */
export function progressReporter(listener: ProgressListener): ProgressListener {
  let last: ImageProgress = { percent: -1, step: "" };
  return ({ percent, step }) => {
    const next = { percent: Math.max(last.percent, Math.min(100, Math.floor(percent))), step };
    if (next.percent === last.percent && next.step === last.step) return;
    last = next;
    listener(next);
  };
}
