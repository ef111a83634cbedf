from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api import errors as api_errors
from api import open_data
from cooperation import languages, views

# Outside the language prefix: the load balancer's check and the language switch.
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/switch/", languages.switch_language, name="switch_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/swagger_ui.html"),
        name="api-docs",
    ),
    path("api/v1/", include("api.urls")),
    re_path(r"^api/", api_errors.not_found),
]

# Every page in every language: /proposals/ in the default language, /kk/proposals/, /ru/…, /az/… in the others.
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("", include("twofactor.urls")),
    path("open-data/", open_data.page, name="open-data"),
    path("open-data/<slug:name>.<slug:extension>", open_data.download, name="open-data-file"),
    path("", include("notifications.urls")),
    path("", include("cooperation.public_urls")),
    path("trade/", include("trade.urls")),
    path("corridors/", include("cooperation.corridor_urls")),
    prefix_default_language=False,
)
