from emc2.selectors import series_get


def site(request):
    return {"series": series_get()}
