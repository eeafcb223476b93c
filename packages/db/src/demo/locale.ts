/**
 * The demo's words in French, by key: the keys (and so the data, links and imports) are the same
 * in every language, only the names, goals, actions and persona profiles change. English is in
 * catalogue.ts and personas.ts.
 */

export const DEMO_LOCALES = ["en", "fr"] as const;
export type DemoLocale = (typeof DEMO_LOCALES)[number];

export function isDemoLocale(value: unknown): value is DemoLocale {
  return typeof value === "string" && (DEMO_LOCALES as readonly string[]).includes(value);
}

/**
 * The language to seed the demo in when none is asked for: PARCOURS_DEMO_LOCALE, else the
 * machine's (LC_ALL, LC_MESSAGES, LANG, then the JavaScript runtime's), French for any `fr`
 * locale and English otherwise.
 */
export function demoLocaleFromEnvironment(
  env: Record<string, string | undefined> = process.env,
  runtimeLocale: string = Intl.DateTimeFormat().resolvedOptions().locale,
): DemoLocale {
  const chosen = env.PARCOURS_DEMO_LOCALE?.trim().toLowerCase();
  if (chosen) return chosen.startsWith("fr") ? "fr" : "en";
  // POSIX order: LC_ALL wins over LC_MESSAGES over LANG; "C" and "POSIX" say nothing.
  const machine = [env.LC_ALL, env.LC_MESSAGES, env.LANG, runtimeLocale].find(
    (value) => value && value !== "C" && !value.startsWith("C.") && value !== "POSIX",
  );
  return machine?.toLowerCase().startsWith("fr") ? "fr" : "en";
}

export const DEMO_CHANNEL_NAMES_FR: Record<string, string> = {
  web: "Web",
  app: "Application mobile",
  store: "Magasin",
  email: "E-mail",
  social: "Réseaux sociaux",
  phone: "Téléphone",
  partner: "Partenaires",
};

export const DEMO_STAGES_FR: Record<string, { name: string; goal: string; actions: string[] }> = {
  discovery: {
    name: "Découverte",
    goal: "Attirer l’attention du client potentiel.",
    actions: [
      "Publicité en ligne",
      "SEO (référencement naturel)",
      "Marketing de contenu",
      "Réseaux sociaux",
    ],
  },
  consideration: {
    name: "Considération",
    goal: "Susciter l’intérêt et encourager l’engagement.",
    actions: ["Comparatifs de produits", "Témoignages clients", "Newsletters"],
  },
  decision: {
    name: "Décision",
    goal: "Faciliter la décision d’achat.",
    actions: ["Offres spéciales", "Avis clients", "Démonstrations de produits", "Chat en direct"],
  },
  purchase: {
    name: "Achat",
    goal: "Finaliser la transaction.",
    actions: ["Paiement simplifié", "Options de livraison", "Garanties"],
  },
  after_sales: {
    name: "Après-vente",
    goal: "Assurer la satisfaction et fidéliser.",
    actions: [
      "E-mail de confirmation",
      "Suivi de livraison",
      "Service client",
      "Programmes de fidélité",
    ],
  },
  loyalty: {
    name: "Fidélisation",
    goal: "Faire des clients des ambassadeurs de la marque.",
    actions: ["Programmes de fidélité", "Newsletters personnalisées", "Enquêtes de satisfaction"],
  },
};

export const DEMO_TOUCHPOINT_NAMES_FR: Record<string, string> = {
  search_engine: "Moteur de recherche",
  online_ads: "Publicités en ligne",
  social_media: "Réseaux sociaux",
  store_window: "Vitrine",
  website: "Site web",
  mobile_app: "Application mobile",
  review_site: "Site d’avis",
  newsletter: "Newsletter",
  store_visit: "Visite en magasin",
  live_chat: "Chat en direct",
  product_page: "Fiche produit",
  price_comparison: "Comparateur de prix",
  app_basket: "Panier de l’application",
  web_checkout: "Paiement sur le site",
  app_checkout: "Paiement dans l’application",
  store_till: "Caisse du magasin",
  confirmation_email: "E-mail de confirmation",
  delivery: "Livraison à domicile",
  customer_service: "Service client",
  returns: "Retours",
  loyalty_programme: "Programme de fidélité",
  satisfaction_survey: "Enquête de satisfaction",
  referral: "Parrainage",
};

export const DEMO_PERSONAS_FR: Record<
  string,
  { name: string; description: string; goals: string[]; needs: string[]; painPoints: string[] }
> = {
  mobile_first: {
    name: "Millennial tout-mobile",
    description:
      "Moins de 35 ans, découvre sur les réseaux sociaux et achète depuis son téléphone, souvent tard le soir.",
    goals: ["Trouver vite un bon produit", "Acheter en quelques gestes"],
    needs: ["Un paiement fluide dans l’application", "Le suivi de livraison sur le téléphone"],
    painPoints: [
      "Des formulaires de paiement pénibles sur petit écran",
      "Des erreurs de paiement dans l’application",
    ],
  },
  loyal_regular: {
    name: "Habitué fidèle",
    description:
      "Membre du programme de fidélité, achète plusieurs fois par an et recommande la marque.",
    goals: ["Être récompensé de sa fidélité", "Racheter facilement ses favoris"],
    needs: ["Être reconnu sur tous les canaux", "Une livraison fiable"],
    painPoints: ["Les livraisons en retard", "Des points difficiles à utiliser"],
  },
  bargain_hunter: {
    name: "Chasseur de bonnes affaires",
    description:
      "Compare les prix, attend la promotion et réagit aux bons de réduction de la newsletter.",
    goals: ["Payer le meilleur prix", "Ne manquer aucune promotion"],
    needs: ["Des prix et des comparaisons clairs", "Des promotions par e-mail"],
    painPoints: [
      "Des frais de livraison révélés au moment de payer",
      "Des bons de réduction qui ne s’appliquent pas",
    ],
  },
  store_traditionalist: {
    name: "Adepte du magasin",
    description: "Préfère voir, toucher et acheter en boutique, et demander conseil à un vendeur.",
    goals: ["Être conseillé par une personne", "Repartir avec le produit"],
    needs: ["Du stock disponible en magasin", "Un personnel compétent"],
    painPoints: ["Les articles en rupture de stock", "L’attente en caisse"],
  },
  busy_professional: {
    name: "Professionnel pressé",
    description:
      "Achète pour le travail ou entre deux réunions\u202f; préfère la rapidité et le service au prix.",
    goals: ["Gagner du temps", "Réussir du premier coup"],
    needs: ["Un paiement rapide", "Des réponses rapides du service client"],
    painPoints: ["L’attente au téléphone", "Des retours compliqués"],
  },
};
