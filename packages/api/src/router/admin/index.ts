import { createTRPCRouter } from "../../trpc";
import { adminAuditRouter } from "./audit";
import { adminUsersRouter } from "./users";

export const adminRouter = createTRPCRouter({
  users: adminUsersRouter,
  audit: adminAuditRouter,
});
