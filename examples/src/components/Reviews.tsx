import { useFeature } from '../hooks/useFeature';

export function Reviews({ sku }: { sku: string }) {
  const enabled = useFeature('reviews-widget');
  if (!enabled) return null;
  return <iframe className="reviews" title="Reviews" src={`/reviews/${encodeURIComponent(sku)}`} />;
}
