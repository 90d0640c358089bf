// Web: routes, handlers, views.
