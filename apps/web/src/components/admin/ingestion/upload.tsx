"use client";

import type { ImportJob } from "@parcours/api/http";
import { Button } from "@parcours/ui/button";
import { downloadCsv, toCsv } from "@parcours/ui/csv";
import { Select } from "@parcours/ui/select";
import {
  APP_REQUEST_HEADER,
  asCodedMessage,
  formatMessage,
  type TMessageLocale,
} from "@parcours/validators";
import { useQueryClient } from "@tanstack/react-query";
import { Upload as UploadIcon } from "lucide-react";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { rowReason } from "./row-reason";

const MAX_BYTES = 1024 ** 3;

/**
 * The server's import job (packages/api/src/http/upload.ts) as its routes send it: the fields
 * read here, all JSON-safe.
 */
type TJob = Pick<
  ImportJob,
  | "id"
  | "state"
  | "bytes"
  | "bytesRead"
  | "rows"
  | "accepted"
  | "rejected"
  | "seconds"
  | "summary"
  | "error"
  | "errorMessage"
>;

/** A finished import: the job's summary with its time. */
type TSummary = NonNullable<TJob["summary"]> & { seconds: number };

type TState =
  | { kind: "idle" }
  | { kind: "uploading"; sent: number; total: number }
  | {
      kind: "importing";
      read: number;
      total: number;
      rows: number;
      accepted: number;
      rejected: number;
    }
  | { kind: "done"; file: string; summary: TSummary }
  | { kind: "failed"; message: string };

const POLL_MS = 700;

/**
 * The server's JSON error in the reader's language (by its code, else its English message), or
 * the HTTP status.
 */
function failureMessage(status: number, text: string, locale: TMessageLocale): string {
  try {
    const body = JSON.parse(text) as { error?: { message?: string; coded?: unknown } };
    const coded = asCodedMessage(body.error?.coded);
    if (coded) return formatMessage(locale, coded);
    if (body.error?.message) return body.error.message;
  } catch {
    // not JSON: fall back to the status
  }
  return `HTTP ${status}`;
}

/**
 * Sends the file as the request body with XMLHttpRequest, whose upload events give a progress
 * bar (fetch has none). The server imports while it reads, so the bar follows the import.
 */
export function FileUpload() {
  const t = useTranslations("adminIngestion.upload");
  const format = useFormatter();
  const locale = useLocale() === "fr" ? "fr" : "en";
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const xhr = useRef<XMLHttpRequest | null>(null);
  const [fileFormat, setFileFormat] = useState<"auto" | "csv" | "ndjson">("auto");
  const [state, setState] = useState<TState>({ kind: "idle" });
  const summaryRef = useRef<HTMLDivElement>(null);
  // The summary appears below the form, often below the fold: bring it into view and read it.
  useEffect(() => {
    if (state.kind !== "done") return;
    summaryRef.current?.scrollIntoView({ block: "start", behavior: "smooth" });
    summaryRef.current?.focus({ preventScroll: true });
  }, [state.kind]);

  /** The file is on the server: follow its import until it is done. */
  const follow = async (first: TJob, name: string) => {
    let job = first;
    while (job.state === "importing") {
      setState({
        kind: "importing",
        read: job.bytesRead,
        total: job.bytes,
        rows: job.rows,
        accepted: job.accepted,
        rejected: job.rejected,
      });
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const response = await fetch(`/api/v1/imports/${job.id}`);
      if (!response.ok) {
        const message = failureMessage(response.status, await response.text(), locale);
        setState({ kind: "failed", message: t("failed", { message }) });
        return;
      }
      job = (await response.json()) as TJob;
    }
    if (job.state === "failed" || !job.summary) {
      const coded = asCodedMessage(job.errorMessage);
      const message = coded ? formatMessage(locale, coded) : (job.error ?? "");
      setState({ kind: "failed", message: t("failed", { message }) });
      return;
    }
    setState({ kind: "done", file: name, summary: { ...job.summary, seconds: job.seconds } });
    void queryClient.invalidateQueries();
  };

  const start = (event: FormEvent) => {
    event.preventDefault();
    const file = input.current?.files?.[0];
    if (!file) return setState({ kind: "failed", message: t("noFile") });
    if (file.size > MAX_BYTES) return setState({ kind: "failed", message: t("tooLarge") });
    const params = new URLSearchParams({ filename: file.name });
    if (fileFormat !== "auto") params.set("format", fileFormat);
    const request = new XMLHttpRequest();
    xhr.current = request;
    request.open("POST", `/api/v1/imports?${params}`);
    request.setRequestHeader("content-type", "application/octet-stream");
    request.setRequestHeader(APP_REQUEST_HEADER, "1");
    request.upload.onprogress = (e) =>
      setState({ kind: "uploading", sent: e.loaded, total: e.total || file.size });
    request.onload = () => {
      xhr.current = null;
      if (request.status === 202) {
        void follow(JSON.parse(request.responseText) as TJob, file.name);
      } else {
        const message = failureMessage(request.status, request.responseText, locale);
        setState({ kind: "failed", message: t("failed", { message }) });
      }
    };
    request.onerror = () => {
      xhr.current = null;
      setState({ kind: "failed", message: t("failed", { message: t("networkError") }) });
    };
    request.onabort = () => {
      xhr.current = null;
      setState({ kind: "failed", message: t("cancelled") });
    };
    setState({ kind: "uploading", sent: 0, total: file.size });
    request.send(file);
  };

  const progress =
    state.kind === "uploading"
      ? { value: state.sent, max: state.total }
      : state.kind === "importing"
        ? { value: state.read, max: state.total }
        : null;
  const ratio = progress && progress.max > 0 ? progress.value / progress.max : 0;
  const percent = format.number(ratio, { style: "percent", maximumFractionDigits: 0 });

  return (
    <section aria-labelledby="upload-title" className="grid gap-3">
      <div className="max-w-3xl">
        <h2 id="upload-title" className="text-lg font-semibold">
          {t("title")}
        </h2>
        <p className="text-sm text-muted-foreground">{t("description")}</p>
      </div>
      <form
        onSubmit={start}
        className="flex flex-wrap items-end gap-3 rounded-lg border border-border bg-card p-3"
      >
        <div className="grid gap-1.5">
          <label htmlFor="upload-file" className="text-sm font-medium">
            {t("file")}
          </label>
          <input
            ref={input}
            id="upload-file"
            type="file"
            accept=".csv,.ndjson,.jsonl,text/csv,application/x-ndjson"
            className="text-sm file:mr-3 file:rounded-md file:border file:border-input file:bg-card file:px-3 file:py-1.5 file:text-sm"
          />
        </div>
        <div className="grid gap-1.5">
          <span className="text-sm font-medium">{t("format")}</span>
          <Select
            label={t("format")}
            value={fileFormat}
            onValueChange={(v) => setFileFormat(v as "auto" | "csv" | "ndjson")}
            options={(["auto", "csv", "ndjson"] as const).map((v) => ({
              value: v,
              label: t(`formats.${v}`),
            }))}
            className="w-auto min-w-52"
          />
        </div>
        {state.kind === "importing" ? null : state.kind === "uploading" ? (
          <Button variant="outline" onClick={() => xhr.current?.abort()}>
            {t("cancel")}
          </Button>
        ) : (
          <Button type="submit">
            <UploadIcon aria-hidden="true" />
            {t("start")}
          </Button>
        )}
      </form>
      {progress ? (
        <div className="grid max-w-xl gap-1">
          <progress
            className="h-2 w-full overflow-hidden rounded-full [&::-webkit-progress-bar]:bg-muted [&::-webkit-progress-value]:bg-primary"
            value={progress.value}
            max={progress.max}
            aria-label={t("title")}
          />
          <p className="text-sm text-muted-foreground" aria-live="polite">
            {state.kind === "importing"
              ? t("importing", {
                  percent,
                  rows: format.number(state.rows),
                  accepted: format.number(state.accepted),
                  rejected: format.number(state.rejected),
                })
              : ratio >= 1
                ? t("processing")
                : t("uploading", { percent })}
          </p>
        </div>
      ) : null}
      {state.kind === "failed" ? (
        <p role="alert" className="text-sm text-negative">
          {state.message}
        </p>
      ) : null}
      {state.kind === "done" ? (
        <div ref={summaryRef} tabIndex={-1} className="grid scroll-mt-4 gap-3 outline-none">
          {state.summary.rejected > 0 ? (
            <p
              role="status"
              data-testid="upload-summary"
              className="rounded-md border border-warning/50 bg-warning/10 px-3 py-2 text-sm"
            >
              <strong className="font-semibold">
                {t("rejectedOf", {
                  rejected: format.number(state.summary.rejected),
                  total: format.number(
                    state.summary.accepted + state.summary.duplicates + state.summary.rejected,
                  ),
                })}
              </strong>{" "}
              {t("done", {
                file: state.file,
                accepted: format.number(state.summary.accepted),
                duplicates: format.number(state.summary.duplicates),
                rejected: format.number(state.summary.rejected),
                seconds: format.number(state.summary.seconds, { maximumFractionDigits: 1 }),
              })}
            </p>
          ) : (
            <p role="status" data-testid="upload-summary" className="text-sm text-positive">
              {t("done", {
                file: state.file,
                accepted: format.number(state.summary.accepted),
                duplicates: format.number(state.summary.duplicates),
                rejected: format.number(state.summary.rejected),
                seconds: format.number(state.summary.seconds, { maximumFractionDigits: 1 }),
              })}
            </p>
          )}
          {state.summary.errors.length > 0 ? (
            <div className="grid gap-2">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <h3 className="text-sm font-semibold">{t("errorsTitle")}</h3>
                <Button
                  size="sm"
                  variant="outline"
                  onClick={() =>
                    downloadCsv(
                      `${state.file.replace(/\.[^.]+$/, "")}-rejected.csv`,
                      toCsv(
                        [
                          { key: "line", label: t("line") },
                          { key: "eventId", label: "event_id" },
                          { key: "value", label: t("value") },
                          { key: "message", label: t("reason") },
                        ],
                        state.summary.errors.map((e) => ({
                          line: e.line,
                          eventId: e.eventId ?? "",
                          value: e.value ?? "",
                          message: rowReason(e, locale),
                        })),
                      ),
                    )
                  }
                >
                  {t("download")}
                </Button>
              </div>
              {state.summary.errors.length < state.summary.rejected ? (
                <p className="text-xs text-muted-foreground">
                  {t("errorsTruncated", {
                    shown: format.number(state.summary.errors.length),
                    total: format.number(state.summary.rejected),
                  })}
                </p>
              ) : null}
              <div className="max-h-80 overflow-auto rounded-lg border border-border bg-card">
                <table className="w-full text-sm">
                  <thead className="sticky top-0 border-b border-border bg-card text-left text-muted-foreground">
                    <tr>
                      <th scope="col" className="px-3 py-2 font-medium">
                        {t("line")}
                      </th>
                      <th scope="col" className="px-3 py-2 font-medium">
                        event_id
                      </th>
                      <th scope="col" className="px-3 py-2 font-medium">
                        {t("value")}
                      </th>
                      <th scope="col" className="px-3 py-2 font-medium">
                        {t("reason")}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {state.summary.errors.slice(0, 200).map((error) => (
                      <tr
                        key={`${error.line}-${error.message}`}
                        className="border-b border-border last:border-0"
                      >
                        <td className="px-3 py-1.5 tabular-nums">{error.line}</td>
                        <td className="max-w-48 px-3 py-1.5 font-mono text-xs break-all">
                          {error.eventId ?? "—"}
                        </td>
                        <td className="max-w-48 px-3 py-1.5 font-mono text-xs break-all">
                          {error.value === undefined ? "—" : `“${error.value}”`}
                        </td>
                        <td className="px-3 py-1.5">{rowReason(error, locale)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
