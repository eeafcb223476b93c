"use client";

import type { JourneyMap } from "@parcours/db/metrics";
import { Badge } from "@parcours/ui/badge";
import { Button } from "@parcours/ui/button";
import { Field, Input, Textarea } from "@parcours/ui/field";
import { Select } from "@parcours/ui/select";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Loader2 } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { type FormEvent, useEffect, useState } from "react";
import { RequestError } from "~/components/common/alert-text";
import type { AnnotationRow } from "~/trpc/outputs";
import { useTRPC } from "~/trpc/react";
import { useDescribeTarget } from "./describe-target";

type TTarget = AnnotationRow["target"];

/** Comments and opportunities pinned to the view, a stage or a cell; threads, resolve, reopen. */
export function NotesPanel({
  viewId,
  notes,
  map,
  readOnly = false,
}: {
  viewId: number;
  notes: AnnotationRow[];
  map: JourneyMap;
  readOnly?: boolean;
}) {
  const t = useTranslations("journeys.notes");
  const tMetrics = useTranslations("metrics.shareComments");
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [body, setBody] = useState("");
  const [kind, setKind] = useState<"comment" | "opportunity">("comment");
  const [on, setOn] = useState("view");
  const [date, setDate] = useState("");
  const [replies, setReplies] = useState<Record<number, string>>({});
  const refresh = () => queryClient.invalidateQueries(trpc.views.journey.pathFilter());
  const annotate = useMutation(trpc.views.annotate.mutationOptions({ onSuccess: refresh }));
  const resolve = useMutation(trpc.views.setResolved.mutationOptions({ onSuccess: refresh }));

  const stageName = new Map(map.stages.map((s) => [s.key, s.name]));
  const describe = useDescribeTarget(map);
  const targets: { value: string; label: string; target: TTarget }[] = [
    { value: "view", label: t("onView"), target: { kind: "view" } },
    { value: "date", label: t("pickDate"), target: { kind: "date", date } },
    ...map.stages.map((s) => ({
      value: `stage:${s.key}`,
      label: t("onStage", { stage: s.name }),
      target: { kind: "stage" as const, stage: s.key },
    })),
    ...map.rows.flatMap((r) =>
      r.cells
        .filter((c) => c.customers > 0)
        .map((c) => ({
          value: `cell:${c.stage}:${r.touchpoint}`,
          label: t("onCell", { stage: stageName.get(c.stage) ?? c.stage, touchpoint: r.name }),
          target: { kind: "cell" as const, stage: c.stage, touchpoint: r.touchpoint },
        })),
    ),
  ];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const target = targets.find((x) => x.value === on)?.target ?? { kind: "view" };
    annotate.mutate({ viewId, target, body, kind }, { onSuccess: () => setBody("") });
  };
  const threads = notes.filter((n) => n.parentId === null);
  // A review's "open the thread" links here as #note-<id>: the notes render after the page's
  // first paint, too late for the browser's own jump, so bring the note into view and focus it.
  useEffect(() => {
    const id = window.location.hash.slice(1);
    if (!/^note-\d+$/.test(id)) return;
    const note = document.getElementById(id);
    note?.scrollIntoView({ block: "center" });
    note?.focus({ preventScroll: true });
  }, []);

  return (
    <section aria-labelledby="notes-title" className="grid gap-3">
      <h2 id="notes-title" className="text-base font-semibold">
        {t("title")}
      </h2>
      {threads.length === 0 ? <p className="text-sm text-muted-foreground">{t("empty")}</p> : null}
      <ul className="grid gap-3">
        {threads.map((thread) => (
          <li
            key={thread.id}
            className="rounded-lg border border-border bg-card p-3"
            data-testid="note-thread"
          >
            <div className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
              <Badge variant={thread.kind === "opportunity" ? "positive" : "outline"}>
                {t(thread.kind)}
              </Badge>
              <span>{describe(thread.target)}</span>
              {thread.resolvedAt ? <Badge variant="muted">{t("resolved")}</Badge> : null}
            </div>
            {[thread, ...notes.filter((n) => n.parentId === thread.id)].map((note) => (
              <div
                key={note.id}
                id={`note-${note.id}`}
                tabIndex={-1}
                className="mt-2 rounded-sm outline-none target:bg-accent focus-visible:ring-2 focus-visible:ring-ring"
              >
                <p className="text-sm whitespace-pre-wrap">{note.body}</p>
                <p className="text-xs text-muted-foreground">
                  {t("by", {
                    // Both empty on a share link that hides who wrote what.
                    author: note.authorName || note.authorEmail || tMetrics("anonymousAuthor"),
                    date: format.dateTime(note.createdAt, {
                      dateStyle: "medium",
                      timeStyle: "short",
                    }),
                  })}
                </p>
              </div>
            ))}
            {readOnly ? null : (
              <div className="mt-2 flex flex-wrap items-end gap-2">
                <label className="sr-only" htmlFor={`reply-${thread.id}`}>
                  {t("replyLabel")}
                </label>
                <input
                  id={`reply-${thread.id}`}
                  className="h-8 min-w-48 flex-1 rounded-md border border-input bg-card px-2 text-sm"
                  placeholder={t("reply")}
                  value={replies[thread.id] ?? ""}
                  onChange={(e) => setReplies({ ...replies, [thread.id]: e.target.value })}
                />
                <Button
                  size="sm"
                  variant="outline"
                  disabled={!replies[thread.id]?.trim()}
                  onClick={() =>
                    annotate.mutate(
                      {
                        viewId,
                        target: thread.target,
                        body: replies[thread.id] ?? "",
                        parentId: thread.id,
                      },
                      { onSuccess: () => setReplies({ ...replies, [thread.id]: "" }) },
                    )
                  }
                >
                  {t("reply")}
                </Button>
                <Button
                  size="sm"
                  variant="ghost"
                  onClick={() =>
                    resolve.mutate({ id: thread.id, resolved: thread.resolvedAt === null })
                  }
                >
                  {thread.resolvedAt ? t("reopen") : t("resolve")}
                </Button>
              </div>
            )}
          </li>
        ))}
      </ul>
      {readOnly ? null : (
        <form onSubmit={submit} className="grid gap-3 rounded-lg border border-border bg-card p-3">
          <RequestError error={annotate.error} />
          <div className="flex flex-wrap gap-3">
            <div className="grid gap-1.5">
              <span className="text-sm font-medium">{t("on")}</span>
              <Select
                label={t("on")}
                value={on}
                onValueChange={setOn}
                options={targets}
                className="w-72"
              />
            </div>
            <div className="grid gap-1.5">
              <span className="text-sm font-medium">{t("kind")}</span>
              <Select
                label={t("kind")}
                value={kind}
                onValueChange={(v) => setKind(v as "comment" | "opportunity")}
                options={[
                  { value: "comment", label: t("comment") },
                  { value: "opportunity", label: t("opportunity") },
                ]}
                className="w-44"
              />
            </div>
          </div>
          {on === "date" ? (
            <Field id="note-date" label={t("date")}>
              {(c) => (
                <Input
                  {...c}
                  type="date"
                  value={date}
                  onChange={(e) => setDate(e.target.value)}
                  className="w-44"
                />
              )}
            </Field>
          ) : null}
          <Field id="note-body" label={t("body")}>
            {(c) => (
              <Textarea
                {...c}
                value={body}
                onChange={(e) => setBody(e.target.value)}
                maxLength={5000}
              />
            )}
          </Field>
          <div>
            <Button
              type="submit"
              disabled={!body.trim() || annotate.isPending || (on === "date" && !date)}
              aria-busy={annotate.isPending || undefined}
            >
              {annotate.isPending ? (
                <Loader2 aria-hidden="true" className="animate-spin" data-testid="posting" />
              ) : null}
              {annotate.isPending ? t("posting") : t("add")}
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}
