#include "detect/detect_arp.h"

#include "detect/detect_event.h"

void
arp_request(
    struct dev_state *dev, int new_target, const struct detect_sample *s)
{
	if (!new_target)
		return;
	dev->arp_targets++;
	detect_event_sample(dev, s);
}

void
arp_answered(struct dev_state *dev)
{
	/* never more answers than questions: a question the window does not
	 * hold (its device's state was lost and made anew) answered late
	 * must not make the unanswered count wrap */
	if (dev->arp_answered < dev->arp_targets)
		dev->arp_answered++;
}

int
arp_sweep(const struct detect_conf *c, const struct dev_state *dev,
    struct detection *out)
{
	if (dev->arp_targets - dev->arp_answered < c->arp_targets)
		return 0;
	detect_event_start(out, DT_ARP_SWEEP, SEV_HIGH, dev);
	out->count = dev->arp_targets;
	out->hosts = dev->arp_targets;
	out->answered = dev->arp_answered;
	out->level = dev->arp_targets - dev->arp_answered;
	return 1;
}
