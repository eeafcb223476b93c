"use client";

import { Button } from "@parcours/ui/button";
import { CSV_EUROS, downloadCsv, toCsv } from "@parcours/ui/csv";
import { ConfirmDialog } from "@parcours/ui/dialog";
import { EmptyState } from "@parcours/ui/empty-state";
import { ErrorState } from "@parcours/ui/error-state";
import { Field, Input } from "@parcours/ui/field";
import { Skeleton } from "@parcours/ui/skeleton";
import { MAX_SPEND_CSV_CHARS } from "@parcours/validators";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { Download, Trash2, Upload, Wallet } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { type DragEvent, type FormEvent, useId, useRef, useState } from "react";
import { useFormatters } from "~/lib/use-formatters";
import { useTRPC } from "~/trpc/react";
import { errorMessage } from "../error-message";

/** The day after `day` (YYYY-MM-DD, UTC). */
function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The first day of the month after `month` (YYYY-MM). */
function nextMonth(month: string): string {
  const d = new Date(`${month}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
}

const dayDate = (day: string) => new Date(`${day}T00:00:00Z`);

/** Each refused line of an import, in the reader's language (translateErrorsLink formats them). */
function refusals(error: unknown, fallback: string): string[] {
  if (error instanceof TRPCClientError) {
    const form = (error.data as { zodError?: { formErrors?: unknown } } | undefined)?.zodError
      ?.formErrors;
    if (Array.isArray(form) && form.length > 0) return form.map(String);
  }
  return [errorMessage(error, fallback)];
}

/** A period to delete: the days [from, to). */
interface Deleting {
  from: string;
  to: string;
}

/** Admin › Spend: import a spend CSV, the spend per month and channel, delete a period. */
export function SpendAdmin({ channelKeys }: { channelKeys: string[] }) {
  const t = useTranslations("adminSpend");
  const tErrors = useTranslations("errors");
  const f = useFormatters();
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.admin.spend.list.queryOptions());
  const [file, setFile] = useState<File | null>(null);
  const [dragging, setDragging] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [from, setFrom] = useState("");
  const [through, setThrough] = useState("");
  const [deleting, setDeleting] = useState<Deleting | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const ids = useId();

  const refresh = () => queryClient.invalidateQueries();
  const money = (cents: number) => f.currencyCents(cents / 100);
  const day = (d: string) => f.day(dayDate(d));
  const monthLabel = (month: string) =>
    format.dateTime(dayDate(`${month}-01`), { year: "numeric", month: "long", timeZone: "UTC" });

  const importSpend = useMutation(
    trpc.admin.spend.import.mutationOptions({
      onSuccess: async (summary) => {
        setStatus(
          t("upload.done", {
            rows: summary.rows,
            file: file?.name ?? "",
            days: summary.days,
            from: day(summary.firstDay),
            to: day(summary.lastDay),
            channels: summary.channels,
            total: money(summary.totalCents),
          }),
        );
        setFile(null);
        if (input.current) input.current.value = "";
        await refresh();
      },
    }),
  );
  const remove = useMutation(
    trpc.admin.spend.delete.mutationOptions({
      onSuccess: async (result) => {
        setDeleting(null);
        setStatus(t("remove.done", { rows: result.rows }));
        await refresh();
      },
    }),
  );

  const choose = (chosen: File | undefined) => {
    setProblem(null);
    setStatus(null);
    importSpend.reset();
    setFile(chosen ?? null);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    choose(event.dataTransfer.files[0]);
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setStatus(null);
    if (!file) return setProblem(t("upload.noFile"));
    let text: string;
    try {
      text = await file.text();
    } catch {
      return setProblem(t("upload.notText"));
    }
    if (text.length > MAX_SPEND_CSV_CHARS) {
      return setProblem(t("upload.tooLarge", { max: f.integer(MAX_SPEND_CSV_CHARS) }));
    }
    setProblem(null);
    importSpend.mutate({ csv: text });
  };
  const askPeriod = (event: FormEvent) => {
    event.preventDefault();
    setStatus(null);
    if (!from || !through || through < from) return setProblem(t("remove.badPeriod"));
    setProblem(null);
    setDeleting({ from, to: nextDay(through) });
  };

  const data = list.data;
  const channels = data ? [...new Set(data.months.map((m) => m.channel))].sort() : [];
  const channelNames = new Map(data?.months.map((m) => [m.channel, m.channelName]) ?? []);
  const months = data ? [...new Set(data.months.map((m) => m.month))] : [];
  const cell = new Map(data?.months.map((m) => [`${m.month} ${m.channel}`, m.cents]) ?? []);
  const lastOf = (d: Deleting) => {
    const last = dayDate(d.to);
    last.setUTCDate(last.getUTCDate() - 1);
    return last.toISOString().slice(0, 10);
  };

  return (
    <div className="grid min-w-0 gap-10">
      <section aria-labelledby={`${ids}-upload`} className="grid min-w-0 gap-3">
        <div className="max-w-3xl">
          <h2 id={`${ids}-upload`} className="text-lg font-semibold">
            {t("upload.title")}
          </h2>
          <p className="text-sm text-muted-foreground">
            {t("upload.format", { channels: channelKeys.join(", ") })}
          </p>
        </div>
        <form onSubmit={submit} className="grid max-w-3xl gap-3">
          <label
            htmlFor={`${ids}-file`}
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
            data-testid="spend-drop"
            className={`flex cursor-pointer flex-wrap items-center justify-center gap-1 rounded-lg border-2 border-dashed p-6 text-center text-sm focus-within:ring-2 focus-within:ring-ring ${
              dragging ? "border-primary bg-primary/5" : "border-border bg-card"
            }`}
          >
            <Upload aria-hidden="true" className="size-4 text-muted-foreground" />
            <span>{t("upload.drop")}</span>
            <span className="font-medium text-primary underline">{t("upload.pick")}</span>
            <input
              ref={input}
              id={`${ids}-file`}
              type="file"
              accept=".csv,text/csv"
              className="sr-only"
              onChange={(e) => choose(e.target.files?.[0])}
            />
          </label>
          <div className="flex flex-wrap items-center gap-3">
            <Button
              type="submit"
              disabled={importSpend.isPending}
              aria-busy={importSpend.isPending || undefined}
            >
              {importSpend.isPending ? t("upload.importing") : t("upload.start")}
            </Button>
            {file ? (
              <span className="text-sm text-muted-foreground">
                {t("upload.chosen", { name: file.name, size: format.number(file.size) })}
              </span>
            ) : null}
          </div>
        </form>
        <p aria-live="polite" className="text-sm text-positive empty:hidden">
          {status}
        </p>
        <div role="alert" className="empty:hidden">
          {problem ? <p className="text-sm text-negative">{problem}</p> : null}
          {importSpend.error ? (
            <div className="grid max-w-3xl gap-1 rounded-lg border border-negative/40 p-3 text-sm">
              <p className="font-medium text-negative">
                {t("upload.refused", { file: file?.name ?? "" })}
              </p>
              <ul className="list-disc pl-5" data-testid="spend-errors">
                {refusals(importSpend.error, tErrors("pageHint")).map((message) => (
                  <li key={message}>{message}</li>
                ))}
              </ul>
            </div>
          ) : null}
          {remove.error ? (
            <p className="text-sm text-negative">
              {errorMessage(remove.error, tErrors("pageHint"))}
            </p>
          ) : null}
        </div>
      </section>

      <section aria-labelledby={`${ids}-table`} className="grid min-w-0 gap-3">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <div>
            <h2 id={`${ids}-table`} className="text-lg font-semibold">
              {t("table.title")}
            </h2>
            {data?.firstDay && data.lastDay ? (
              <p className="text-sm text-muted-foreground">
                {t("table.summary", {
                  total: money(data.totalCents),
                  from: day(data.firstDay),
                  to: day(data.lastDay),
                })}
              </p>
            ) : null}
          </div>
          {data && data.months.length > 0 ? (
            <Button
              variant="outline"
              size="sm"
              onClick={() =>
                downloadCsv(
                  "spend.csv",
                  toCsv(
                    [
                      { key: "month", label: "month" },
                      { key: "channel", label: "channel" },
                      { key: "days", label: "days" },
                      { key: "amount", label: "amount", csv: CSV_EUROS },
                    ],
                    data.months.map((m) => ({ ...m, amount: m.cents / 100 })),
                  ),
                )
              }
            >
              <Download aria-hidden="true" />
              {t("table.csv")}
            </Button>
          ) : null}
        </div>
        {list.isPending ? (
          <Skeleton className="h-24 w-full" />
        ) : list.isError ? (
          <ErrorState
            title={tErrors("sectionTitle")}
            description={errorMessage(list.error, tErrors("pageHint"))}
            retryLabel={tErrors("retry")}
            onRetry={() => list.refetch()}
          />
        ) : months.length === 0 ? (
          <EmptyState
            icon={<Wallet />}
            title={t("table.empty")}
            description={t("table.emptyHint")}
          />
        ) : (
          <div className="relative min-w-0 overflow-x-auto rounded-lg border border-border bg-card">
            <table className="w-full text-sm" data-testid="spend-table">
              <caption className="sr-only">{t("table.caption")}</caption>
              <thead className="border-b border-border text-left text-muted-foreground">
                <tr>
                  <th scope="col" className="px-3 py-2 font-medium">
                    {t("table.month")}
                  </th>
                  {channels.map((c) => (
                    <th key={c} scope="col" className="px-3 py-2 text-right font-medium">
                      {channelNames.get(c) ?? c}
                    </th>
                  ))}
                  <th scope="col" className="px-3 py-2 text-right font-medium">
                    {t("table.total")}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    <span className="sr-only">{t("table.delete")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {months.map((month) => {
                  const total = channels.reduce(
                    (sum, c) => sum + (cell.get(`${month} ${c}`) ?? 0),
                    0,
                  );
                  return (
                    <tr key={month} className="border-b border-border last:border-0">
                      <th scope="row" className="px-3 py-2 text-left font-medium whitespace-nowrap">
                        {monthLabel(month)}
                      </th>
                      {channels.map((c) => {
                        const cents = cell.get(`${month} ${c}`);
                        return (
                          <td key={c} className="px-3 py-2 text-right tabular-nums">
                            {cents === undefined ? "—" : money(cents)}
                          </td>
                        );
                      })}
                      <td className="px-3 py-2 text-right font-medium tabular-nums">
                        {money(total)}
                      </td>
                      <td className="px-3 py-2 text-right">
                        <Button
                          variant="ghost"
                          size="sm"
                          aria-label={t("table.deleteMonth", { month: monthLabel(month) })}
                          onClick={() => {
                            setStatus(null);
                            setDeleting({ from: `${month}-01`, to: nextMonth(month) });
                          }}
                        >
                          <Trash2 aria-hidden="true" className="size-4" />
                          <span aria-hidden="true">{t("table.delete")}</span>
                        </Button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby={`${ids}-remove`} className="grid min-w-0 gap-3">
        <div className="max-w-3xl">
          <h2 id={`${ids}-remove`} className="text-lg font-semibold">
            {t("remove.title")}
          </h2>
          <p className="text-sm text-muted-foreground">{t("remove.description")}</p>
        </div>
        <form onSubmit={askPeriod} className="flex flex-wrap items-end gap-3">
          <Field id={`${ids}-from`} label={t("remove.from")}>
            {(c) => (
              <Input {...c} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
            )}
          </Field>
          <Field id={`${ids}-through`} label={t("remove.through")}>
            {(c) => (
              <Input
                {...c}
                type="date"
                value={through}
                onChange={(e) => setThrough(e.target.value)}
              />
            )}
          </Field>
          <Button type="submit" variant="outline">
            {t("remove.submit")}
          </Button>
        </form>
      </section>

      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={t("remove.confirmTitle", {
          from: deleting ? day(deleting.from) : "",
          to: deleting ? day(lastOf(deleting)) : "",
        })}
        description={t("remove.confirmDescription")}
        confirmLabel={t("remove.confirm")}
        cancelLabel={t("remove.cancel")}
        destructive
        busy={remove.isPending}
        onConfirm={() => deleting && remove.mutate(deleting)}
      />
    </div>
  );
}
