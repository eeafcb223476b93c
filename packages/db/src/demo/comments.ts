import type { Random } from "./random";

/**
 * What the demo's customers write with a rating, in English or French. The words follow the
 * stories of the generator: the app checkout fails mobile-first customers (payment errors, a
 * form too long, crashes), one parcel in five is late and the calls that follow are long, the
 * live chat makes people wait. So the journey map's comments say why a cell is rated low.
 */

type Words = { en: readonly string[]; fr: readonly string[] };

const BY_SITUATION: Record<string, Words> = {
  "app_checkout:payment_error": {
    en: [
      "Payment refused three times in the app, so I gave up",
      "The app keeps refusing my card at payment",
      "Payment error in the app again, no explanation",
    ],
    fr: [
      "Paiement refusé trois fois dans l’appli, j’ai abandonné",
      "L’appli refuse ma carte au paiement",
      "Encore une erreur de paiement dans l’appli, aucune explication",
    ],
  },
  "app_checkout:form_too_long": {
    en: [
      "Far too many fields to fill in on the phone",
      "The address form is far too long in the app",
    ],
    fr: [
      "Beaucoup trop de champs à remplir sur le téléphone",
      "Le formulaire d’adresse est beaucoup trop long dans l’appli",
    ],
  },
  "app_checkout:crash": {
    en: ["The app crashed at payment and my basket was gone", "App crashed twice at payment"],
    fr: [
      "L’appli a planté au paiement et mon panier a disparu",
      "L’appli a planté deux fois au paiement",
    ],
  },
  "app_checkout:low": {
    en: [
      "Payment in the app is slow and confusing",
      "The app checkout is painful, I use the website",
    ],
    fr: [
      "Le paiement dans l’appli est lent et confus",
      "Le paiement dans l’appli est pénible, je passe par le site",
    ],
  },
  "web_checkout:delivery_fees": {
    en: ["Delivery fees only shown at the very end", "Delivery fees too high for a small order"],
    fr: [
      "Frais de livraison affichés seulement à la fin",
      "Frais de livraison trop élevés pour une petite commande",
    ],
  },
  "web_checkout:payment_error": {
    en: ["Card refused on the website, no reason given"],
    fr: ["Carte refusée sur le site, sans raison"],
  },
  "web_checkout:coupon_rejected": {
    en: ["My discount code was rejected at checkout", "The newsletter coupon did not work"],
    fr: ["Mon code promo a été refusé au paiement", "Le code de la newsletter ne fonctionnait pas"],
  },
  "store_till:queue": {
    en: ["Twenty minutes queuing at the till", "Only one till open on a Saturday"],
    fr: ["Vingt minutes de queue à la caisse", "Une seule caisse ouverte un samedi"],
  },
  "delivery:late": {
    en: [
      "Parcel arrived days late and nobody warned me",
      "Late delivery, no tracking update for days",
      "Still waiting for my parcel, the delivery date passed long ago",
    ],
    fr: [
      "Colis arrivé avec plusieurs jours de retard, sans prévenir",
      "Livraison en retard, aucun suivi pendant des jours",
      "J’attends toujours mon colis, la date de livraison est passée depuis longtemps",
    ],
  },
  "delivery:high": {
    en: ["Delivered on time and well packed", "Fast delivery, well packed"],
    fr: ["Livré à l’heure et bien emballé", "Livraison rapide, colis bien emballé"],
  },
  "customer_service:low": {
    en: [
      "Forty minutes on hold before speaking to anyone",
      "The advisor did not know where my parcel was",
      "Long wait on the phone and no solution",
    ],
    fr: [
      "Quarante minutes d’attente au téléphone avant de parler à quelqu’un",
      "Le conseiller ne savait pas où était mon colis",
      "Longue attente au téléphone et aucune solution",
    ],
  },
  "customer_service:high": {
    en: ["Helpful advisor, problem solved quickly"],
    fr: ["Conseiller aimable, problème réglé rapidement"],
  },
  "returns:low": {
    en: ["The refund took more than two weeks", "Returning the item was complicated"],
    fr: ["Le remboursement a pris plus de deux semaines", "Le retour de l’article était compliqué"],
  },
  "live_chat:low": {
    en: [
      "Waited fifteen minutes for an answer in the chat",
      "The chat bot did not understand my question",
    ],
    fr: [
      "Quinze minutes d’attente pour une réponse dans le chat",
      "Le robot du chat ne comprenait pas ma question",
    ],
  },
  "live_chat:high": {
    en: ["Quick and clear answer in the chat"],
    fr: ["Réponse rapide et claire dans le chat"],
  },
  "store_visit:low": {
    en: ["No one available to help in the store"],
    fr: ["Personne de disponible pour aider en magasin"],
  },
  "store_visit:high": {
    en: [
      "Friendly staff and good advice in the store",
      "The sales assistant knew the products well",
    ],
    fr: [
      "Personnel aimable et bons conseils en magasin",
      "Le vendeur connaissait bien les produits",
    ],
  },
  low: {
    en: ["Disappointing", "Not what I expected", "Too slow"],
    fr: ["Décevant", "Pas ce que j’attendais", "Trop lent"],
  },
  high: {
    en: ["Great experience", "Simple and quick", "Very pleasant"],
    fr: ["Très bonne expérience", "Simple et rapide", "Très agréable"],
  },
};

/** How often a rating comes with words: the unhappy write more. */
const COMMENT_CHANCE = { low: 0.5, middle: 0.12, high: 0.1 };

function situation(touchpoint: string, rating: number, properties: Record<string, unknown>) {
  const mood: keyof typeof COMMENT_CHANCE = rating <= 2 ? "low" : rating >= 4 ? "high" : "middle";
  const reason = properties.abandoned === true ? properties.reason : undefined;
  const candidates = [
    typeof reason === "string" ? `${touchpoint}:${reason}` : undefined,
    touchpoint === "delivery" && properties.late === true ? "delivery:late" : undefined,
    mood === "middle" ? undefined : `${touchpoint}:${mood}`,
    mood === "middle" ? undefined : mood,
  ];
  return { mood, key: candidates.find((key) => key !== undefined && key in BY_SITUATION) };
}

/** The words that come with a rating at a touchpoint, or undefined (most ratings come without). */
export function demoComment(
  r: Random,
  locale: "en" | "fr",
  touchpoint: string,
  rating: number,
  properties: Record<string, unknown>,
): string | undefined {
  const { mood, key } = situation(touchpoint, rating, properties);
  if (!r.chance(COMMENT_CHANCE[mood])) return undefined;
  // Most people only write when something specific happened: the general words are rarer.
  if ((key === "low" || key === "high") && !r.chance(0.3)) return undefined;
  const words = key === undefined ? undefined : BY_SITUATION[key];
  return words ? r.pick(words[locale]) : undefined;
}
