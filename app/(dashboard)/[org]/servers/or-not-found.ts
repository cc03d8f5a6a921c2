import { notFound } from "next/navigation";
import { AppError } from "@/lib/errors";

/** A data function's "not found" (another org's id, a deleted row) becomes the 404 page. */
export async function orNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}
