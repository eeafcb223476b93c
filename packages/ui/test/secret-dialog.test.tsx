import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SecretDialog } from "../src/secret-dialog";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const labels = { copy: "Copy", copied: "Copied", close: "Close" };

/** A page that shows one secret after another, as the API-key and password pages do. */
function Page({ secrets }: { secrets: string[] }) {
  const [index, setIndex] = useState(0);
  const [open, setOpen] = useState(true);
  return (
    <>
      <button
        type="button"
        onClick={() => {
          setIndex((i) => i + 1);
          setOpen(true);
        }}
      >
        New secret
      </button>
      <SecretDialog
        secret={open ? (secrets[index] ?? null) : null}
        title="Your key"
        description="Shown once."
        labels={labels}
        testId="secret"
        onClose={() => setOpen(false)}
      />
    </>
  );
}

function stubClipboard(writeText: (text: string) => Promise<void>) {
  const written: string[] = [];
  vi.stubGlobal("navigator", {
    ...navigator,
    clipboard: {
      writeText: async (text: string) => {
        await writeText(text);
        written.push(text);
      },
    },
  });
  return written;
}

describe("SecretDialog", () => {
  it("says Copied for the secret copied, and Copy again for the next one after Close", async () => {
    const written = stubClipboard(async () => {});
    render(<Page secrets={["key-one", "key-two"]} />);
    expect(screen.getByTestId("secret").textContent).toBe("key-one");
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Copy" }));
    });
    expect(written).toEqual(["key-one"]);
    expect(screen.getByRole("button", { name: "Copied" })).toBeTruthy();

    // The footer's Close button, not the corner one: it used to leave "Copied" behind.
    const closeButtons = screen.getAllByRole("button", { name: "Close" });
    const footerClose = closeButtons.find((button) => button.textContent === "Close");
    expect(footerClose).toBeDefined();
    if (footerClose) fireEvent.click(footerClose);
    expect(screen.queryByTestId("secret")).toBeNull();

    fireEvent.click(screen.getByRole("button", { name: "New secret" }));
    expect(screen.getByTestId("secret").textContent).toBe("key-two");
    expect(screen.getByRole("button", { name: "Copy" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Copied" })).toBeNull();
  });

  it("does not claim Copied when the clipboard refuses", async () => {
    stubClipboard(async () => {
      throw new DOMException("Write permission denied.", "NotAllowedError");
    });
    render(<Page secrets={["key-one"]} />);
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Copy" }));
    });
    expect(screen.getByRole("button", { name: "Copy" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Copied" })).toBeNull();
  });
});
