import { createTRPCRouter } from "../../trpc";
import { adminAuditRouter } from "./audit";
import { adminCatalogueRouter } from "./catalogue";
import { adminApiKeysRouter, adminIngestionRouter } from "./ingestion";
import { adminPersonasRouter } from "./personas";
import { adminSegmentRouter } from "./segment";
import { adminSpendRouter } from "./spend";
import { adminUsersRouter } from "./users";

export const adminRouter = createTRPCRouter({
  users: adminUsersRouter,
  audit: adminAuditRouter,
  apiKeys: adminApiKeysRouter,
  ingestion: adminIngestionRouter,
  personas: adminPersonasRouter,
  catalogue: adminCatalogueRouter,
  segment: adminSegmentRouter,
  spend: adminSpendRouter,
});
