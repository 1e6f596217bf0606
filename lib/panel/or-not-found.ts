import { notFound } from "next/navigation";
import { AppError } from "../errors";

/** What a page reads, or the 404 page when the domain answers 404 (absent, or not the reader's). */
export async function orNotFound<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof AppError && error.status === 404) notFound();
    throw error;
  }
}
